namespace LiveChat.Grains.Webhooks;

using System.Security.Cryptography;
using System.Text;

/// <summary>
/// W2: every delivery carries <c>X-LiveChat-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c>
/// over <c>"&lt;t&gt;.&lt;body&gt;"</c> under the endpoint's secret. The receiver recomputes it, compares in
/// constant time and refuses an old <c>t</c>, so a captured delivery cannot be replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-LiveChat-Signature";
    public const string DeliveryHeader = "X-LiveChat-Delivery";
    public const string EventHeader = "X-LiveChat-Event";
    public const string AttemptHeader = "X-LiveChat-Attempt";

    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>A fresh secret: 32 random bytes, base64url, prefixed so it is recognisable (and never logged).</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
