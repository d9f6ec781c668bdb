namespace LiveChat.Hosting;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

/// <summary>Metrics (OpenTelemetry, scraped in Prometheus text format) and health endpoints, for the gateway and the silo program.</summary>
public static class LiveChatObservability
{
    public const string MetricsPath = "/metrics";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>
    /// The meters exported: Orleans' own (activations by grain type: orleans_grains{type}), LiveChat's
    /// chat figures, ASP.NET Core's server and rate-limit figures, and the .NET runtime's (GC heap
    /// and committed memory, working set), so a memory rise can be told apart: live objects or not.
    /// </summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        "Microsoft.Orleans",
        "System.Runtime",
        LiveChatMetrics.MeterName,
        LiveChat.Grains.Webhooks.WebhookMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        // Requests the rate limits refused (aspnetcore_rate_limiting_requests_total{aspnetcore_rate_limiting_result!="acquired"}).
        "Microsoft.AspNetCore.RateLimiting",
    ];

    /// <summary>OpenTelemetry metrics of <see cref="Meters"/> with a Prometheus exporter; map it with <see cref="MapLiveChatMetrics"/>.</summary>
    public static IServiceCollection AddLiveChatMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            foreach (var meter in Meters) metrics.AddMeter(meter);
            // No cached scrapes: a figure is visible in the next scrape.
            metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
        });
        return services;
    }

    /// <summary>GET /metrics: every figure in Prometheus text format, for a scraper inside the cluster.</summary>
    public static IEndpointConventionBuilder MapLiveChatMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);

    /// <summary>
    /// The silo program's probes: /health/live (the process answers), /health/ready (<see cref="SiloReadiness"/>:
    /// Active with every listener started, and <see cref="StorageReadyCheck"/>: its grain storage answers).
    /// </summary>
    public static IServiceCollection AddLiveChatSiloHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<SiloReadiness>("silo", tags: ["ready"])
            .AddCheck<StorageReadyCheck>("storage", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapLiveChatSiloHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return endpoints;
    }
}
