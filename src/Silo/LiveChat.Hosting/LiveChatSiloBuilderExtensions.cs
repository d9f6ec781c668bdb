namespace LiveChat.Hosting;

using LiveChat.Grains.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Orleans.Runtime;

public static class LiveChatSiloBuilderExtensions
{
    /// <summary>What every LiveChat silo needs whatever its storage: the product clock and options.</summary>
    public static ISiloBuilder AddLiveChatGrains(this ISiloBuilder silo, IConfiguration? configuration = null)
    {
        silo.Services.TryAddSingleton(LiveChatClock.System);
        var options = silo.Services.AddOptions<LiveChatOptions>();
        if (configuration is not null) options.Bind(configuration.GetSection(LiveChatOptions.Section));
        return silo;
    }

    /// <summary>
    /// The embedded default: one silo on localhost clustering, grain state in one SQLite file
    /// under the data folder, the demo directory seeded at first start.
    /// </summary>
    public static ISiloBuilder UseLiveChatEmbedded(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(LiveChatSiloOptions.Section).Get<LiveChatSiloOptions>() ?? new LiveChatSiloOptions();
        Directory.CreateDirectory(options.DataFolder);
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        silo.AddSqliteGrainStorage(StorageNames.LiveChat, o => o.DatabasePath = Path.GetFullPath(options.DatabasePath));
        silo.AddLiveChatGrains(configuration);
        if (!string.IsNullOrWhiteSpace(options.DemoDirectoryPath))
        {
            var path = Path.IsPathRooted(options.DemoDirectoryPath)
                ? options.DemoDirectoryPath
                : Path.Combine(AppContext.BaseDirectory, options.DemoDirectoryPath);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new DemoDirectorySeeder(
                sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<ILogger<DemoDirectorySeeder>>(), path));
        }
        return silo;
    }
}
