namespace LiveChat.Hosting;

using Microsoft.Extensions.Logging;
using Orleans.Runtime;

/// <summary>Seeds the demo directory once the silo is active, so a first start has people to chat with.</summary>
internal sealed class DemoDirectorySeeder(IGrainFactory grains, ILogger<DemoDirectorySeeder> logger, string path)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DemoDirectorySeeder), ServiceLifecycleStage.Active, SeedAsync);

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var directory = DemoDirectory.Load(path);
        await directory.SeedAsync(grains);
        logger.LogInformation("Demo directory {Path}: {Queues} queues, {Agents} agents present", path,
            directory.Queues.Count, directory.Agents.Count);
    }
}
