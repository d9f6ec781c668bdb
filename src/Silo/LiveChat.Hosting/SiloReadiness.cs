namespace LiveChat.Hosting;

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

/// <summary>
/// Whether this silo serves: true once its lifecycle reached Active (it joined the cluster; whether
/// its grain storage answers is <see cref="StorageReadyCheck"/>'s question) and the host has started
/// every listener it owns (the HTTP port too, which the host starts after the silo: until then a
/// client could reach the silo but not its probes), false again as soon as it starts to shut down,
/// so a probe takes it out of rotation before it leaves.
/// </summary>
public sealed class SiloReadiness(IHostApplicationLifetime lifetime) : ILifecycleParticipant<ISiloLifecycle>, IHealthCheck
{
    private volatile bool _active;

    public bool IsReady => _active && lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested;

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
            : !_active ? HealthCheckResult.Unhealthy("The silo has not joined the cluster yet.")
            : HealthCheckResult.Unhealthy("The host has not started all its listeners yet."));
}
