namespace LiveChat.Gateway;

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

/// <summary>
/// Ready when the gateway serves for real: the host has started every listener it owns (Kestrel's
/// public and management ports start with the host, after the embedded silo), a grain call goes
/// through (<see cref="IPingGrain.Ping"/>: the cluster client is connected, or the embedded silo is
/// up), and the grain storage answers (a read through it, <see cref="IPingGrain.PingStorage"/>).
/// Both calls go to the stateless ping grain, so a probe activates no chat, agent or queue grain.
/// No longer ready once shutdown has begun, so a load balancer stops sending consoles here before
/// the gateway leaves.
/// </summary>
internal sealed class ClusterReadyCheck(IGrainFactory grains, IHostApplicationLifetime lifetime) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested) return HealthCheckResult.Unhealthy("Shutting down.");
        if (!lifetime.ApplicationStarted.IsCancellationRequested) return HealthCheckResult.Unhealthy("The gateway has not started all its listeners yet.");
        try
        {
            await grains.GetGrain<IPingGrain>(0).Ping().WaitAsync(Timeout, cancellationToken);
        }
        catch (Exception error)
        {
            return HealthCheckResult.Unhealthy("The chat cluster does not answer.", error);
        }
        try
        {
            await grains.GetGrain<IPingGrain>(0).PingStorage().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception error)
        {
            return HealthCheckResult.Unhealthy("The chat cluster's storage does not answer.", error);
        }
    }
}
