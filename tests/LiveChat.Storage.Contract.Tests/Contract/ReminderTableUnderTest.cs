namespace LiveChat.Storage.Contract.Tests.Contract;

/// <summary>One reminder table instance, started, on a test's store; disposing it stops that instance only, not the store.</summary>
public sealed class ReminderTableUnderTest(IReminderTable table, Func<ValueTask> close) : IAsyncDisposable
{
    public IReminderTable Table { get; } = table;

    public ValueTask DisposeAsync() => close();
}
