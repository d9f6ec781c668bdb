namespace LiveChat.Storage.Contract.Tests.Contract;

using Orleans.Storage;

/// <summary>
/// The contract for providers with a per-state size limit (Azure Tables: one entity): the large
/// state test runs just under the limit, and a state one byte over it is refused without effect.
/// </summary>
public abstract class SizeLimitedGrainStorageContract : GrainStorageContract
{
    private const string StateName = "state";

    /// <summary>The largest serialized payload the provider accepts for this state of this grain.</summary>
    protected abstract int MaxPayloadBytes(IGrainStorage storage, string stateName, GrainId grain);

    /// <summary>The provider's error type for an oversized state.</summary>
    protected abstract Type OversizedStateError { get; }

    protected override int LargeStateDataBytes(IGrainStorage storage, string stateName, GrainId grain)
    {
        var limit = MaxPayloadBytes(storage, stateName, grain);
        var data = ContractSerializer.BlobDataBytesFor(limit);
        // Just under the limit: within a few bytes of it, not merely "large".
        Assert.InRange(ContractSerializer.SerializedBlobStateBytes(data), limit - 8, limit);
        return data;
    }

    [SkippableFact]
    public async Task State_over_the_size_limit_is_refused_and_changes_nothing()
    {
        await using var store = await OpenAsync();
        var grain = Grain("oversized");
        var state = Counter(1);
        await store.Storage.WriteStateAsync(StateName, grain, state);
        var etag = state.ETag;

        var limit = MaxPayloadBytes(store.Storage, StateName, grain);
        var data = ContractSerializer.BlobDataBytesFor(limit) + 1;
        Assert.True(ContractSerializer.SerializedBlobStateBytes(data) > limit);
        var oversized = new TestGrainState<BlobState>(new BlobState { Data = new byte[data] }) { ETag = etag };

        var error = await Record.ExceptionAsync(() => store.Storage.WriteStateAsync(StateName, grain, oversized));

        Assert.NotNull(error);
        Assert.IsType(OversizedStateError, error);
        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Equal(etag, oversized.ETag);
        var read = await ReadAsync<CounterState>(store.Storage, StateName, grain);
        Assert.True(read.RecordExists);
        Assert.Equal(1, read.State.Count);
        Assert.Equal(etag, read.ETag);
    }
}
