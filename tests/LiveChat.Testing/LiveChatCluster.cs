namespace LiveChat.Testing;

using LiveChat.Grains.Common;
using LiveChat.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;

/// <summary>
/// A real in-process Orleans cluster running the LiveChat grains on SQLite storage in a temp
/// folder, with a fake product clock and armable faults. Use it as an xunit collection fixture
/// (each test project declares its own collection: xunit finds definitions only in the test assembly) or create one for a test that restarts it.
/// </summary>
public sealed class LiveChatCluster : IAsyncLifetime
{
    private const string InnerStorage = "livechat-sqlite";

    public LiveChatCluster() : this(Path.Combine(Path.GetTempPath(), "livechat-tests", Guid.NewGuid().ToString("N")), silos: 2)
    {
    }

    /// <param name="dataFolder">Where the SQLite file lives; a second cluster on the same folder sees the same state.</param>
    public static LiveChatCluster On(string dataFolder, short silos = 1) => new(dataFolder, silos);

    private LiveChatCluster(string dataFolder, short silos)
    {
        DataFolder = dataFolder;
        Silos = silos;
    }

    public string DataFolder { get; }
    public short Silos { get; }
    public TestClock Clock { get; } = new();
    public FaultPlan Faults { get; } = new();
    public StateWrites Writes { get; } = new();
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public IClusterClient Client => Cluster.Client;
    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Product settings the tests run with: real expiry time, but a fast sweep so the timer path is observable.</summary>
    public static void TestOptions(LiveChatOptions options)
    {
        options.InviteExpiry = TimeSpan.FromMinutes(5);
        options.ExpirySweepInterval = TimeSpan.FromMilliseconds(200);
        options.InviteRepairGrace = TimeSpan.FromMinutes(1);
        // The default EndUserGoneAfter (10 minutes on the fake clock), checked often so the queue's timer path is observable.
        options.EndUserGoneCheckInterval = TimeSpan.FromMilliseconds(300);
        // Reminders tick on the real clock: every second, so timed work after a restart or a
        // deactivation (reminders, not timers) shows within a test's patience.
        options.ReminderPeriod = TimeSpan.FromSeconds(1);
        // The retention sweep (E1) too; its erasures are judged on the fake clock.
        options.Retention.SweepPeriod = TimeSpan.FromSeconds(1);
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataFolder);
        var builder = new InProcessTestClusterBuilder(Silos);
        // One service id for every cluster on the folder (the kit's default is a new one each time): the
        // reminder table keeps each service's reminders apart, and a restarted cluster must find its own.
        builder.Options.ServiceId = "livechat-tests";
        var databasePath = Path.Combine(DataFolder, "livechat.db");
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteGrainStorage(InnerStorage, o => o.DatabasePath = databasePath);
            // As the embedded default: reminders in the same SQLite file, so a cluster restarted on the folder keeps them.
            silo.UseSqliteReminderService(o => o.DatabasePath = databasePath);
            silo.Services.AddGrainStorage(StorageNames.LiveChat, (sp, _) =>
                new FaultInjectingGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(InnerStorage), Faults, Writes));
            silo.Services.AddSingleton(Clock.Clock);
            silo.AddLiveChatGrains();
            silo.Services.Configure<LiveChat.Grains.Common.LiveChatOptions>(TestOptions);
            silo.AddIncomingGrainCallFilter(new FaultInjectionCallFilter(Faults));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>
    /// Changes a grain's stored state behind its back, as an older build or another tool could have
    /// left it (or writes it first, for a grain never stored). Deactivate the grain first if it is active, or it keeps its state in memory.
    /// </summary>
    public async Task RewriteStoredState<T>(string stateName, GrainId grainId, Action<T> change)
    {
        var storage = Cluster.GetSiloServiceProvider(Cluster.Silos[0].SiloAddress).GetRequiredKeyedService<IGrainStorage>(InnerStorage);
        var stored = new GrainState<T>();
        await storage.ReadStateAsync(stateName, grainId, stored);
        // A grain never stored reads as a fresh state: the change then writes its first record.
        change(stored.State ?? throw new InvalidOperationException($"The storage returned no '{stateName}' state for {grainId}."));
        await storage.WriteStateAsync(stateName, grainId, stored);
    }

    /// <summary>A grain's state as stored (what the next activation will read), without changing it.</summary>
    public async Task<T> ReadStoredState<T>(string stateName, GrainId grainId)
    {
        var storage = Cluster.GetSiloServiceProvider(Cluster.Silos[0].SiloAddress).GetRequiredKeyedService<IGrainStorage>(InnerStorage);
        var stored = new GrainState<T>();
        await storage.ReadStateAsync(stateName, grainId, stored);
        return stored.State!;
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>Removes the data folder; call after <see cref="DisposeAsync"/> when no other cluster uses it.</summary>
    public void DeleteData()
    {
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
