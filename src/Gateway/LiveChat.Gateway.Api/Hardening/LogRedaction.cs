namespace LiveChat.Gateway.Hardening;

/// <summary>
/// Browsers send the hub's token in the query string (<c>?access_token=</c>): WebSockets take no
/// headers. ASP.NET Core's request-start and request-end lines
/// (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>, Information) print the whole query, so that
/// category is held at Warning whatever the configuration says; nothing else the gateway logs
/// prints a query string. Reverse proxies in front of the gateway must redact it in their own logs.
/// </summary>
internal static class LogRedaction
{
    public const string RequestLineCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static IServiceCollection AddLiveChatLogRedaction(this IServiceCollection services)
    {
        // Configured after the host's configuration rules, so of two rules for this category this one wins.
        services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(null, RequestLineCategory, LogLevel.Warning, null)));
        return services;
    }
}
