namespace LiveChat.Gateway.Security.Tests;

using System.Net.Sockets;

/// <summary>
/// Real HTTP clients of a <see cref="GatewayFactory.RealHttp"/> gateway that connect from a chosen
/// loopback address (127.0.0.2, 127.0.0.3, ...: all of 127/8 is loopback on Linux), so the
/// gateway sees distinct client addresses.
/// </summary>
public static class LoopbackClients
{
    public static HttpClient From(GatewayFactory gateway, string address, string? token = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var http = new HttpClient(handler) { BaseAddress = gateway.ClientOptions.BaseAddress };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Starts a chat as an end user from <paramref name="address"/>; the client carries the chat's token.</summary>
    public static async Task<(HttpClient Http, string ChatId)> StartChat(GatewayFactory gateway, string address)
    {
        using var anonymous = From(gateway, address);
        var response = await anonymous.PostAsJsonAsync("/api/enduser/chats", new { queueId = "billing", displayName = "Pat", firstMessage = "Hello" }, GatewayFactory.Json);
        await Http.AssertSuccess(response);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>(GatewayFactory.Json);
        return (From(gateway, address, started.GetProperty("token").GetString()), started.GetProperty("chatId").GetString()!);
    }
}
