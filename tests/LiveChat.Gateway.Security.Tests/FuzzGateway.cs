namespace LiveChat.Gateway.Security.Tests;

/// <summary>
/// The gateway the OpenAPI fuzz run aims at: the real gateway (embedded silo) served by Kestrel on
/// a free loopback port, so requests cross a real socket and Kestrel's own limits, not only the
/// in-memory test server.
/// </summary>
public sealed class FuzzGateway : IAsyncLifetime
{
    /// <summary>
    /// The one place for the fuzz run's gateway configuration. Abuse limits (rate limits per
    /// caller, body limits, attachment quotas, bounded lists) are tested on their own, in
    /// AbuseLimits/; here they must not turn the barrage's 10,000 requests into 429s that hide
    /// everything behind them, so set each new limit's key to a high value in this dictionary.
    /// </summary>
    /// <remarks>
    /// The rate limits are already raised by <see cref="GatewayFactory.HighRateLimits"/>; the
    /// per-chat quotas stay at their defaults, which the barrage's refused writes never reach.
    /// </remarks>
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>();

    /// <summary>Kestrel on a free loopback port (and its management port on another).</summary>
    public GatewayFactory Gateway { get; } = new() { RealHttp = true };

    public async Task InitializeAsync()
    {
        foreach (var (key, value) in Settings) Gateway.Settings[key] = value;
        await Gateway.InitializeAsync();
    }

    /// <summary>
    /// A plain client of the Kestrel endpoint: no redirects followed, no cookies kept, and a huge
    /// body announced with "Expect: 100-continue" waits for the server's word however busy the
    /// machine is (the default second would let it start sending into a refusal).
    /// </summary>
    public HttpClient CreateRawClient()
    {
        using var probe = Gateway.CreateClient();
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, Expect100ContinueTimeout = TimeSpan.FromSeconds(60) };
        return new HttpClient(handler) { BaseAddress = probe.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public Task DisposeAsync() => ((IAsyncLifetime)Gateway).DisposeAsync();
}
