namespace LiveChat.Gateway;

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

/// <summary>
/// Ready when a grain call goes through, and no longer ready once shutdown has begun, so a load
/// balancer stops sending consoles here before the gateway leaves.
/// </summary>
internal sealed class ClusterReadyCheck(IGrainFactory grains, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested) return HealthCheckResult.Unhealthy("Shutting down.");
        try
        {
            await grains.GetGrain<IAgentGrain>("readiness-probe").Peek().WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception error)
        {
            return HealthCheckResult.Unhealthy("The chat cluster does not answer.", error);
        }
    }
}
