namespace LiveChat.Gateway;

using LiveChat.Attachments;
using Microsoft.Extensions.Diagnostics.HealthChecks;

/// <summary>
/// Ready only while the attachment store takes a write (<see cref="IAttachmentStore.ProbeAsync"/>):
/// a gateway whose file store folder is not writable, or whose blob container cannot be reached,
/// would accept uploads it cannot keep, so it reports not ready and gets no traffic.
/// </summary>
internal sealed class AttachmentStoreReadyCheck(IAttachmentStore store) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ProbeAsync(cancellationToken).WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The attachment store cannot be written.", error);
        }
    }
}
