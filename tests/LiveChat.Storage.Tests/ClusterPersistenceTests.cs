namespace LiveChat.Storage.Tests;

using LiveChat.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;

/// <summary>
/// The provider as a silo uses it: registered by the extension methods, resolved by storage
/// name, and durable across a full cluster restart on the same file.
/// </summary>
public sealed class ClusterPersistenceTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Named_provider_state_survives_a_cluster_restart()
    {
        await using (var cluster = await StartAsync(silo => silo.AddSqliteGrainStorage("x", o => o.DatabasePath = _db.Path)))
        {
            var services = cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress);
            Assert.IsType<SqliteGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>("x"));

            await cluster.Client.GetGrain<INamedProbeGrain>("alice").Set(7, "seven");
            await cluster.Client.GetGrain<INamedProbeGrain>("bob").Set(1, "one");
            await cluster.Client.GetGrain<INamedProbeGrain>("bob").Clear();
            await cluster.StopAllSilosAsync();
        }

        // Disposing the silo disposed the provider: its last connection closed and checkpointed the log.
        Assert.False(File.Exists(_db.Path + "-wal"));

        // The silo stored Orleans' binary format (not the silo-wide JSON default): a provider
        // with only the binary serializer reads it.
        await using (var direct = StorageHarness.Create(_db))
        {
            var stored = await StorageHarness.ReadAsync<CounterState>(direct, "s", GrainId.Create("namedprobe", "alice"));
            Assert.True(stored.RecordExists);
            Assert.Equal(7, stored.State.Count);
        }

        await using (var cluster = await StartAsync(silo => silo.AddSqliteGrainStorage("x", o => o.DatabasePath = _db.Path)))
        {
            var alice = await cluster.Client.GetGrain<INamedProbeGrain>("alice").Get();
            Assert.True(alice.RecordExists);
            Assert.Equal(7, alice.Count);
            Assert.Equal("seven", alice.Label);
            Assert.NotNull(alice.ETag);

            var bob = await cluster.Client.GetGrain<INamedProbeGrain>("bob").Get();
            Assert.False(bob.RecordExists);
            Assert.Equal(0, bob.Count);

            // The restarted activation holds the stored ETag, so it can write again.
            await cluster.Client.GetGrain<INamedProbeGrain>("alice").Set(8, "eight");
            Assert.Equal(8, (await cluster.Client.GetGrain<INamedProbeGrain>("alice").Get()).Count);
            await cluster.StopAllSilosAsync();
        }
    }

    [Fact]
    public async Task Default_provider_serves_grains_that_name_no_storage()
    {
        await using (var cluster = await StartAsync(silo => silo.AddSqliteGrainStorageAsDefault(o => o.DatabasePath = _db.Path)))
        {
            var services = cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress);
            Assert.IsType<SqliteGrainStorage>(services.GetRequiredService<IGrainStorage>());

            await cluster.Client.GetGrain<IDefaultProbeGrain>("carol").Set(3, "three");
            await cluster.StopAllSilosAsync();
        }

        await using (var cluster = await StartAsync(silo => silo.AddSqliteGrainStorageAsDefault(o => o.DatabasePath = _db.Path)))
        {
            var carol = await cluster.Client.GetGrain<IDefaultProbeGrain>("carol").Get();
            Assert.True(carol.RecordExists);
            Assert.Equal(3, carol.Count);
            await cluster.StopAllSilosAsync();
        }
    }

    [Fact]
    public async Task Silo_with_invalid_options_refuses_to_start_and_names_the_option()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(silo => silo.AddSqliteGrainStorage("x", _ => { })));

        Assert.Contains(nameof(SqliteGrainStorageOptions.DatabasePath), Flatten(error));
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join(" | ", aggregate.InnerExceptions.Select(Flatten))
            : error.Message + (error.InnerException is { } inner ? " | " + Flatten(inner) : "");

    private static async Task<InProcessTestCluster> StartAsync(Action<ISiloBuilder> configure)
    {
        // Ports are left to the builder, which picks free ones.
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => configure(silo));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }
}
