namespace LiveChat.Grains.Webhooks;

using System.Net;
using System.Net.Sockets;
using LiveChat.Grains.Common;

/// <summary>The webhook checks: rule id "Webhooks" (docs/rules.md W1–W9), and which addresses a delivery may reach (W3).</summary>
public static class WebhookRules
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 200;

    /// <summary>W2/W3: an absolute https URL without user info, to a public host (http and private hosts only when allowed).</summary>
    internal static Uri CheckUrl(string? url, bool allowPrivate)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            throw Refuse.Invalid(Rules.Webhooks, $"An endpoint needs an absolute URL of at most {MaxUrlLength} characters.");
        if (uri.Scheme != Uri.UriSchemeHttps && !(allowPrivate && uri.Scheme == Uri.UriSchemeHttp))
            throw Refuse.Invalid(Rules.Webhooks, "An endpoint URL must use https.");
        if (!string.IsNullOrEmpty(uri.UserInfo))
            throw Refuse.Invalid(Rules.Webhooks, "An endpoint URL must not carry a user name or password.");
        if (!allowPrivate)
        {
            var host = uri.IdnHost;
            if (uri.IsLoopback || host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host, out var address) && !IsPublic(address)))
                throw Refuse.Invalid(Rules.Webhooks, "An endpoint must be on a public address, not loopback, private or link-local.");
        }
        return uri;
    }

    /// <summary>
    /// W3: whether an address is on the public internet. Loopback, private (10/8, 172.16/12, 192.168/16,
    /// fc00::/7), link-local (169.254/16 with cloud metadata, fe80::/10), carrier-grade NAT (100.64/10),
    /// "this network" (0/8), multicast and reserved ranges are not. Checked again on every connection,
    /// so a public name that resolves to a private address later (DNS rebinding) is still refused.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] < 128)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC);
        }
        return false;
    }

    internal static List<string> CheckEvents(IReadOnlyList<string>? events)
    {
        if (events is null || events.Count == 0)
            throw Refuse.Invalid(Rules.Webhooks, $"An endpoint subscribes to at least one event: {string.Join(", ", WebhookEventNames.All)}.");
        foreach (var name in events)
        {
            if (!WebhookEventNames.TryParse(name, out _))
                throw Refuse.Invalid(Rules.Webhooks, $"'{name}' is not an event; the events are {string.Join(", ", WebhookEventNames.All)}.");
        }
        return events.Distinct().ToList();
    }

    internal static string? CheckDescription(string? description)
    {
        if (string.IsNullOrWhiteSpace(description)) return null;
        if (description.Length > MaxDescriptionLength || TextHygiene.HasUnsafe(description))
            throw Refuse.Invalid(Rules.Webhooks, $"A description has at most {MaxDescriptionLength} printable characters.");
        return description.Trim();
    }
}
