namespace LiveChat.Gateway.Hardening;

using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

/// <summary>
/// Limits hub method calls per caller (<see cref="RateLimitOptions.HubInvocations"/>), across all
/// of its connections: the HTTP limiter sees a WebSocket as one request, whatever is sent over it.
/// A refused call is a HubException naming the rule, like the HTTP problem's ruleId.
/// </summary>
internal sealed class HubRateLimitFilter : IHubFilter, IDisposable
{
    private readonly RateLimitOptions _options;
    private readonly PartitionedRateLimiter<string> _limiter;

    public HubRateLimitFilter(IOptions<RateLimitOptions> options)
    {
        _options = options.Value;
        var rule = _options.HubInvocations;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = rule.PermitLimit,
            Window = rule.Window,
            QueueLimit = 0,
        }));
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (!_options.Enabled) return await next(invocation);
        var key = ClientPartition.OfUser(invocation.Context.User) ?? "connection:" + invocation.Context.ConnectionId;
        using var lease = _limiter.AttemptAcquire(key);
        if (!lease.IsAcquired)
        {
            throw new HubException(
                $"{Rules.RateLimit}: too many hub calls; retry in {RateLimitSetup.RetryAfterSeconds(lease)} s.");
        }
        return await next(invocation);
    }

    public void Dispose() => _limiter.Dispose();
}
