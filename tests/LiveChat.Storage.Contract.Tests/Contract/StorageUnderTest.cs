namespace LiveChat.Storage.Contract.Tests.Contract;

using Orleans.Storage;

/// <summary>One provider instance on a test's store; disposing it closes that instance only, not the store.</summary>
public sealed class StorageUnderTest(IGrainStorage storage, Func<ValueTask> close) : IAsyncDisposable
{
    public IGrainStorage Storage { get; } = storage;

    public ValueTask DisposeAsync() => close();
}
