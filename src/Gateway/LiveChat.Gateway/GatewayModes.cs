namespace LiveChat.Gateway;

public enum GatewayMode { Embedded, Client }

internal static class GatewayModes
{
    public static GatewayMode Parse(string? value) =>
        string.IsNullOrWhiteSpace(value) ? GatewayMode.Embedded
        : Enum.TryParse<GatewayMode>(value, ignoreCase: true, out var mode) ? mode
        : throw new InvalidOperationException($"Gateway:Mode must be Embedded or Client, not '{value}'.");
}
