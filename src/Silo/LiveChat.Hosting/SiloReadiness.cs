namespace LiveChat.Hosting;

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

/// <summary>
/// Whether this silo serves grain calls: true once its lifecycle reached Active (it joined the
/// cluster and its storage is up), false again as soon as it starts to shut down, so a probe
/// takes it out of rotation before it leaves.
/// </summary>
public sealed class SiloReadiness(IHostApplicationLifetime lifetime) : ILifecycleParticipant<ISiloLifecycle>, IHealthCheck
{
    private volatile bool _active;

    public bool IsReady => _active && !lifetime.ApplicationStopping.IsCancellationRequested;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloReadiness), ServiceLifecycleStage.Active,
            _ =>
            {
                _active = true;
                return Task.CompletedTask;
            },
            _ =>
            {
                _active = false;
                return Task.CompletedTask;
            });

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsReady ? HealthCheckResult.Healthy()
            : lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("Shutting down.")
            : HealthCheckResult.Unhealthy("The silo has not joined the cluster yet."));
}
