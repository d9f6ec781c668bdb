namespace LiveChat.Gateway.Hardening;

using System.Globalization;
using System.Threading.RateLimiting;
using LiveChat.Gateway.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

/// <summary>
/// ASP.NET Core's rate limiter with <see cref="RateLimitOptions"/>: a global limit on every request
/// and the named <see cref="RateLimitPolicies"/>. A refusal is a 429 problem (ruleId "RateLimit")
/// with Retry-After, and changes nothing.
/// </summary>
internal static class RateLimitSetup
{
    public static IServiceCollection AddLiveChatRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.Problem() is null, $"{RateLimitOptions.Section}: every rule needs PermitLimit >= 1, a positive Window and QueueLimit >= 0.")
            .ValidateOnStart();
        services.AddSingleton<HubRateLimitFilter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
        {
            var o = limits.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(o, o.Global, ClientPartition.Of(http, o)));
            limiter.AddPolicy(RateLimitPolicies.ChatStart, http => Partition(o, o.ChatStart, ClientPartition.Address(http, o)));
            limiter.AddPolicy(RateLimitPolicies.SignIn, http => Partition(o, o.SignIn, ClientPartition.Address(http, o)));
            limiter.AddPolicy(RateLimitPolicies.EndUserMessages, http => Partition(o, o.EndUserMessages, ClientPartition.Of(http, o)));
            limiter.AddPolicy(RateLimitPolicies.Uploads, http => Partition(o, o.Uploads, ClientPartition.Of(http, o)));
            limiter.OnRejected = Reject;
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(RateLimitOptions options, RateLimitRule rule, string key) =>
        options.Enabled
            ? RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = rule.PermitLimit,
                Window = rule.Window,
                QueueLimit = rule.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            })
            : RateLimitPartition.GetNoLimiter(key);

    /// <summary>Seconds until a refused caller may try again (at least 1).</summary>
    public static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;

    private static async ValueTask Reject(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var seconds = RetryAfterSeconds(context.Lease);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests.",
            Detail = $"This client sent too many requests; retry in {seconds} s.",
            Type = $"https://livechat.dev/rules/{Rules.RateLimit}",
        };
        problem.Extensions[ProblemMapping.RuleIdKey] = Rules.RateLimit;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}
