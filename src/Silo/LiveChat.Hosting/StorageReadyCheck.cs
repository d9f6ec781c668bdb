namespace LiveChat.Hosting;

using LiveChat.Grains;
using Microsoft.Extensions.Diagnostics.HealthChecks;

/// <summary>
/// Ready only while the grain storage answers: a read through it (<see cref="IPingGrain.PingStorage"/>,
/// a stateless worker, so this silo's own storage client) within <see cref="Timeout"/>. A silo whose
/// Redis, SQLite file or storage account stopped answering serves no chat and leaves rotation.
/// </summary>
public sealed class StorageReadyCheck(IGrainFactory grains) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IPingGrain>(0).PingStorage().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception error)
        {
            return HealthCheckResult.Unhealthy("The grain storage does not answer.", error);
        }
    }
}
