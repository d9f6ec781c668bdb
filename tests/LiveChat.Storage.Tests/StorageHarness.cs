namespace LiveChat.Storage.Tests;

using LiveChat.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

/// <summary>Builds providers on a test's database the way a silo would, minus the silo.</summary>
public static class StorageHarness
{
    // Orleans' binary serializer (version tolerant via [Id]) over the generated codecs of this assembly.
    private static readonly Lazy<IGrainStorageSerializer> SharedSerializer = new(() =>
    {
        var services = new ServiceCollection()
            .AddSerializer(builder => builder.AddAssembly(typeof(CounterState).Assembly))
            .BuildServiceProvider();
        return new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
    });

    public static IGrainStorageSerializer Serializer => SharedSerializer.Value;

    public static SqliteGrainStorage Create(TempDatabase db, Action<SqliteGrainStorageOptions>? configure = null)
    {
        var options = new SqliteGrainStorageOptions { DatabasePath = db.Path };
        configure?.Invoke(options);
        return new SqliteGrainStorage("test", options, Serializer);
    }

    public static GrainId Grain(string key) => GrainId.Create("storage-test", key);

    public static TestGrainState<CounterState> Counter(int count, string? etag = null) =>
        new(new CounterState { Count = count, Label = $"count {count}" }) { ETag = etag };

    public static async Task<TestGrainState<T>> ReadAsync<T>(IGrainStorage storage, string stateName, GrainId grain)
        where T : new()
    {
        var state = new TestGrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grain, state);
        return state;
    }
}
