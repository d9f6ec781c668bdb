namespace LiveChat.Hosting;

using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;
using Orleans.Hosting;

/// <summary>
/// OpenTelemetry traces from the HTTP request through the grain calls, exported over OTLP. On only
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (environment or any configuration source, with the
/// exporter's other standard variables: <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_SERVICE_NAME</c>,
/// <c>OTEL_TRACES_SAMPLER</c>...). Otherwise nothing is registered: no tracer provider listens, so
/// ASP.NET Core and Orleans create no activities, and no propagation filter runs on a grain call.
/// </summary>
public static class LiveChatTracing
{
    /// <summary>The standard variable that turns tracing on.</summary>
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The Orleans sources traced: grain calls made by application code (the chat, agent, queue
    /// grains), and activation/deactivation. Not "Microsoft.Orleans.Runtime": its spans are the
    /// runtime's own calls (membership probes, directory), a steady stream of root spans that
    /// would drown the requests in a trace store.
    /// </summary>
    public static readonly IReadOnlyList<string> OrleansSources =
    [
        ActivitySources.ApplicationGrainActivitySourceName,
        ActivitySources.LifecycleActivitySourceName,
    ];

    public static bool IsEnabled(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[EndpointKey]);

    /// <summary>A silo (co-hosted by the gateway or alone): grain calls carry the trace on, and the host exports it.</summary>
    public static ISiloBuilder AddLiveChatTracing(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (!IsEnabled(configuration)) return silo;
        silo.AddActivityPropagation();
        AddTracerProvider(silo.Services, configuration);
        return silo;
    }

    /// <summary>A gateway in client mode: its grain calls carry the HTTP request's trace to the silos.</summary>
    public static IClientBuilder AddLiveChatTracing(this IClientBuilder client, IConfiguration configuration)
    {
        if (!IsEnabled(configuration)) return client;
        client.AddActivityPropagation();
        AddTracerProvider(client.Services, configuration);
        return client;
    }

    private static void AddTracerProvider(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME wins (the default resource reads it); else the program's name.
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
                    resource.AddService(Assembly.GetEntryAssembly()?.GetName().Name ?? "LiveChat");
            })
            .WithTracing(tracing =>
            {
                foreach (var source in OrleansSources) tracing.AddSource(source);
                // Probes and scrapes would be most of the spans and say nothing.
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = http =>
                    !http.Request.Path.StartsWithSegments(LiveChatObservability.MetricsPath)
                    && !http.Request.Path.StartsWithSegments("/health"));
                // Endpoint, protocol (grpc by default; http/protobuf), headers: the standard variables.
                tracing.AddOtlpExporter();
            });
    }
}
