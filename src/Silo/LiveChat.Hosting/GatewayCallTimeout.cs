namespace LiveChat.Hosting;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

/// <summary>
/// Bounds the calls a gateway co-hosted in a silo (embedded mode) makes into the cluster to
/// <see cref="GatewayClusterOptions.ResponseTimeout"/>, as a gateway in client mode is bounded by its
/// client's response timeout: a call to a grain on a silo that just died fails in seconds (the
/// gateway answers 503) instead of waiting Orleans' 30 s. Calls made by grains keep the silo's own
/// timeout: only calls from outside any grain (the gateway's requests, its probes) are bounded.
/// A method marked <c>[ResponseTimeout]</c> keeps its own, longer timeout.
/// </summary>
public sealed class GatewayCallTimeoutFilter(TimeSpan timeout) : IOutgoingGrainCallFilter
{
    public TimeSpan Timeout => timeout;

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        // SourceContext is the calling grain (or system target); none when the caller is the gateway.
        if (context.SourceContext is not null) return context.Invoke();
        var limit = context.Request.GetDefaultResponseTimeout() ?? timeout;
        return context.Invoke().WaitAsync(limit);
    }
}

public static class GatewayCallTimeoutExtensions
{
    /// <summary>Bounds the co-hosted gateway's grain calls to Gateway:Cluster:ResponseTimeout (default 5 s).</summary>
    public static ISiloBuilder AddGatewayCallTimeout(this ISiloBuilder silo, IConfiguration configuration)
    {
        var timeout = GatewayClusterOptions.Read(configuration).ResponseTimeout;
        silo.Services.AddSingleton<IOutgoingGrainCallFilter>(new GatewayCallTimeoutFilter(timeout));
        return silo;
    }
}
