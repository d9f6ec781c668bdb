namespace LiveChat.Storage.AzureTables;

using System.Security.Cryptography;
using Azure.Data.Tables;

/// <summary>
/// How one grain state is laid out in one table entity, and what one entity can hold.
/// </summary>
/// <remarks>
/// Properties: StateName and GrainId (the originals, checked on read), Format, and when the state
/// exists PayloadLength, PayloadChunks, PayloadSha256 and the payload split into Data0..DataN
/// (binary properties of at most 64 KiB each). A cleared entity kept for its ETag has no payload
/// properties. The whole entity is written in one Replace, so no older chunk survives a write;
/// the length and hash still let a reader refuse anything that is not exactly one write's payload.
/// </remarks>
internal static class StateEntityLayout
{
    /// <summary>Azure's limit for one entity, all properties and keys included.</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>Azure's limit for one binary property.</summary>
    public const int MaxChunkBytes = 64 * 1024;

    public const int CurrentFormat = 1;

    public const string StateNameProperty = "StateName";
    public const string GrainIdProperty = "GrainId";
    public const string FormatProperty = "Format";
    public const string LengthProperty = "PayloadLength";
    public const string ChunksProperty = "PayloadChunks";
    public const string HashProperty = "PayloadSha256";
    public const string DataPrefix = "Data";

    private const int HashBytes = 32;

    /// <summary>The entity of a state, without payload (what a cleared, kept entity looks like).</summary>
    public static TableEntity NewEntity(string partitionKey, string rowKey, string stateName, string grainId) =>
        new(partitionKey, rowKey)
        {
            [StateNameProperty] = stateName,
            [GrainIdProperty] = grainId,
            [FormatProperty] = CurrentFormat,
        };

    /// <summary>Splits <paramref name="payload"/> into Data0..DataN and adds its length and hash.</summary>
    public static void AddPayload(TableEntity entity, ReadOnlyMemory<byte> payload)
    {
        var chunks = ChunkCount(payload.Length);
        for (var i = 0; i < chunks; i++)
        {
            var start = i * MaxChunkBytes;
            entity[DataPrefix + i] = payload.Slice(start, Math.Min(MaxChunkBytes, payload.Length - start)).ToArray();
        }

        entity[LengthProperty] = (long)payload.Length;
        entity[ChunksProperty] = chunks;
        entity[HashProperty] = SHA256.HashData(payload.Span);
    }

    /// <summary>
    /// The largest payload that fits one entity with these keys and originals. Two measures must
    /// both stay within 1 MiB: Azure's documented entity size (4 + 2 * key lengths + for each
    /// property 8 + 2 * name length + value size, binary counted raw), and the size of the JSON
    /// request that carries the entity (binary as base64), which is what Azurite checks. The
    /// second is the smaller, so a state accepted by the emulator is accepted by Azure and the
    /// other way round: a little under 768 KiB of serialized state.
    /// </summary>
    public static int MaxPayloadBytes(string partitionKey, string rowKey, string stateName, string grainId)
    {
        int low = 0, high = MaxEntityBytes;
        while (low < high)
        {
            var middle = low + (high - low + 1) / 2;
            if (Fits(partitionKey, rowKey, stateName, grainId, middle)) low = middle;
            else high = middle - 1;
        }

        return Fits(partitionKey, rowKey, stateName, grainId, low) ? low : -1;
    }

    /// <summary>Size of the whole entity by Azure's formula, for a payload of <paramref name="payloadBytes"/>.</summary>
    public static long EntityBytes(string partitionKey, string rowKey, string stateName, string grainId, int payloadBytes) =>
        (long)FixedBytes(partitionKey, rowKey, stateName, grainId) + ChunkOverhead(ChunkCount(payloadBytes)) + payloadBytes;

    /// <summary>
    /// An upper bound of the JSON request body for a payload of <paramref name="payloadBytes"/>:
    /// strings counted at 6 bytes a character (a \uXXXX escape), binary as base64, and every
    /// property with its quotes, separators and "@odata.type" annotation.
    /// </summary>
    public static long JsonBytes(string partitionKey, string rowKey, string stateName, string grainId, int payloadBytes)
    {
        const int Margin = 256;
        long bytes = 2 + Margin;
        bytes += JsonProperty("PartitionKey", 6L * partitionKey.Length + 2);
        bytes += JsonProperty("RowKey", 6L * rowKey.Length + 2);
        bytes += JsonProperty(StateNameProperty, 6L * stateName.Length + 2);
        bytes += JsonProperty(GrainIdProperty, 6L * grainId.Length + 2);
        bytes += JsonProperty(FormatProperty, 11);
        bytes += JsonProperty(LengthProperty, 22, "Edm.Int64");
        bytes += JsonProperty(ChunksProperty, 11);
        bytes += JsonProperty(HashProperty, Base64Length(HashBytes) + 2, "Edm.Binary");
        var chunks = ChunkCount(payloadBytes);
        for (var i = 0; i < chunks; i++)
        {
            var chunk = Math.Min(MaxChunkBytes, payloadBytes - i * MaxChunkBytes);
            bytes += JsonProperty(DataPrefix + i, Base64Length(chunk) + 2, "Edm.Binary");
        }

        return bytes;
    }

    private static bool Fits(string partitionKey, string rowKey, string stateName, string grainId, int payloadBytes) =>
        EntityBytes(partitionKey, rowKey, stateName, grainId, payloadBytes) <= MaxEntityBytes
        && JsonBytes(partitionKey, rowKey, stateName, grainId, payloadBytes) <= MaxEntityBytes;

    // "name":value, plus "name@odata.type":"type", for a typed property.
    private static long JsonProperty(string name, long valueBytes, string? odataType = null) =>
        name.Length + 3 + valueBytes + 1
        + (odataType is null ? 0 : name.Length + "@odata.type".Length + 3 + odataType.Length + 2 + 1);

    private static long Base64Length(int bytes) => 4L * ((bytes + 2) / 3);

    public static int ChunkCount(int payloadBytes) => (payloadBytes + MaxChunkBytes - 1) / MaxChunkBytes;

    private static int FixedBytes(string partitionKey, string rowKey, string stateName, string grainId) =>
        4 + 2 * (partitionKey.Length + rowKey.Length)
        + Property("Timestamp", 8) // the service's own property counts too
        + Property(StateNameProperty, 4 + 2 * stateName.Length)
        + Property(GrainIdProperty, 4 + 2 * grainId.Length)
        + Property(FormatProperty, 4)
        + Property(LengthProperty, 8)
        + Property(ChunksProperty, 4)
        + Property(HashProperty, 4 + HashBytes);

    // Per chunk: the property's overhead and the 4 bytes of a binary value's length.
    private static int ChunkOverhead(int chunks)
    {
        var bytes = 0;
        for (var i = 0; i < chunks; i++) bytes += Property(DataPrefix + i, 4);
        return bytes;
    }

    private static int Property(string name, int valueBytes) => 8 + 2 * name.Length + valueBytes;
}
