namespace LiveChat.Benchmarks.Serialization;

using LiveChat.Grains.Chat;
using LiveChat.Model;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

/// <summary>
/// The serializer the silo gives its grain storage: Orleans' binary <see cref="OrleansGrainStorageSerializer"/>
/// (see SqliteGrainStorageOptions.GrainStorageSerializer), over the generated codecs of the grain
/// and model assemblies.
/// </summary>
public static class StorageSerializer
{
    public static IGrainStorageSerializer Create()
    {
        var services = new ServiceCollection()
            .AddSerializer(builder => builder
                .AddAssembly(typeof(ChatState).Assembly)
                .AddAssembly(typeof(TranscriptEntry).Assembly))
            .BuildServiceProvider();
        return new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
    }
}
