namespace LiveChat.Hosting;

using System.Net;
using System.Net.Sockets;
using System.Text;
using LiveChat.Grains.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

/// <summary>
/// Posts webhook deliveries with the named client <see cref="ClientName"/> from IHttpClientFactory:
/// the attempt's own timeout (LiveChat:Webhooks:Timeout), no redirects, no cookies, and W3 checked on
/// every connection (the resolved address must be public unless AllowPrivateTargets), so neither a
/// redirect nor DNS rebinding reaches an internal service. Logs nothing of the body or its signature.
/// </summary>
internal sealed class HttpWebhookSender(IHttpClientFactory clients) : IWebhookSender
{
    public const string ClientName = "livechat-webhooks";

    public async Task<WebhookSendResult> Send(Uri url, string body, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return new WebhookSendResult((int)response.StatusCode, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new WebhookSendResult(null, "The receiver did not answer in time.");
        }
        catch (HttpRequestException error)
        {
            return new WebhookSendResult(null, "The receiver could not be reached: " + (error.InnerException?.Message ?? error.Message));
        }
    }

    public static void Register(IServiceCollection services)
    {
        services.AddHttpClient(ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // The factory's request logging would write each endpoint URL (which may carry a token) to the log.
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    UseProxy = false,
                    ConnectTimeout = options.Timeout,
                    ConnectCallback = (context, cancellationToken) => Connect(context, options.AllowPrivateTargets, cancellationToken),
                };
            });
        services.AddSingleton<IWebhookSender, HttpWebhookSender>();
    }

    /// <summary>Resolves the host and connects only to an address W3 allows.</summary>
    private static async ValueTask<Stream> Connect(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.Where(a => allowPrivate || WebhookRules.IsPublic(a)).ToList();
        if (allowed.Count == 0)
            throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves to no public address; webhooks reach only public addresses.");
        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception error) when (error is SocketException)
            {
                socket.Dispose();
                last = error;
            }
        }
        throw new HttpRequestException($"Could not connect to {context.DnsEndPoint.Host}.", last);
    }
}
