namespace LiveChat.Gateway.Attachments;

using LiveChat.Attachments;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

/// <summary>
/// Deletes the files of erased chats (docs/rules.md E8). The chats hand their attachments to
/// <see cref="IAttachmentErasureGrain"/> before they delete their own rows; the bytes live in this
/// gateway's store, so the gateway drains that list every <see cref="AttachmentOptions.ErasureInterval"/>:
/// delete, then acknowledge. Several gateways may delete the same file; deleting is idempotent.
/// </summary>
internal sealed class AttachmentErasureWorker(IGrainFactory grains, IAttachmentStore store, IOptions<AttachmentOptions> options,
    TimeProvider time, ILogger<AttachmentErasureWorker> logger) : BackgroundService
{
    private const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ErasureInterval, time);
        DateTimeOffset? failingSince = null;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Drain(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                // The cluster is not reachable yet (a gateway starting), or the store failed: the list
                // keeps the files for the next tick. Loud only once it lasts: erased files must go.
                failingSince ??= time.GetUtcNow();
                var level = time.GetUtcNow() - failingSince > TimeSpan.FromMinutes(1) ? LogLevel.Warning : LogLevel.Debug;
                logger.Log(level, error, "Attachment erasure could not run; retrying in {Interval}", options.Value.ErasureInterval);
                continue;
            }
            failingSince = null;
        }
    }

    private async Task Drain(CancellationToken stoppingToken)
    {
        var pending = grains.AttachmentErasure();
        while (!stoppingToken.IsCancellationRequested)
        {
            var files = await pending.Peek(Batch);
            if (files.Count == 0) return;
            foreach (var file in files) await store.DeleteAsync(file.ChatId, file.AttachmentId);
            await pending.Done(files);
            if (files.Count < Batch) return;
        }
    }
}
