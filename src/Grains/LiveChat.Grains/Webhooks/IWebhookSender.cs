namespace LiveChat.Grains.Webhooks;

/// <summary>
/// Sends one signed delivery (the silo's implementation posts it with a client from IHttpClientFactory,
/// a short timeout, no redirects, and W3's address check on every connection). Never throws for a
/// receiver's failure: the result says how it went.
/// </summary>
public interface IWebhookSender
{
    Task<WebhookSendResult> Send(Uri url, string body, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken);
}

/// <summary>A 2xx <paramref name="StatusCode"/> is success; null with <paramref name="Error"/> when no answer came.</summary>
public sealed record WebhookSendResult(int? StatusCode, string? Error)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
