namespace LiveChat.Storage.Contract.Tests.Contract;

using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

/// <summary>
/// The serializer every provider gets in these tests: Orleans' binary one (version tolerant via
/// [Id]/[Alias]), the default of the SQLite and Azure Table registrations.
/// </summary>
public static class ContractSerializer
{
    private static readonly Lazy<ServiceProvider> Services = new(() => new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(CounterState).Assembly))
        .BuildServiceProvider());

    private static readonly Lazy<IGrainStorageSerializer> Shared = new(() =>
        new OrleansGrainStorageSerializer(Services.Value.GetRequiredService<Serializer>()));

    public static IGrainStorageSerializer Instance => Shared.Value;

    /// <summary>Bytes the serializer writes for a <see cref="BlobState"/> holding <paramref name="dataBytes"/> bytes.</summary>
    public static int SerializedBlobStateBytes(int dataBytes) =>
        Instance.Serialize(new BlobState { Data = new byte[dataBytes] }).ToMemory().Length;

    /// <summary>The largest <see cref="BlobState"/> data length whose serialized form is at most <paramref name="payloadBytes"/>.</summary>
    public static int BlobDataBytesFor(int payloadBytes)
    {
        var data = payloadBytes - (SerializedBlobStateBytes(payloadBytes) - payloadBytes);
        while (SerializedBlobStateBytes(data) > payloadBytes) data--;
        while (SerializedBlobStateBytes(data + 1) <= payloadBytes) data++;
        return data;
    }
}
