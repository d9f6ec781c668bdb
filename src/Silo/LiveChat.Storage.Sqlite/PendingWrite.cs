namespace LiveChat.Storage.Sqlite;

/// <summary>What a queued write does to its row.</summary>
internal enum WriteKind
{
    /// <summary>Insert (expected ETag null) or replace (expected ETag equal to the stored one).</summary>
    Upsert,

    /// <summary>Delete the row (<see cref="SqliteGrainStorageOptions.DeleteStateOnClear"/> = true).</summary>
    Delete,

    /// <summary>Keep the row with no payload and a new version (<see cref="SqliteGrainStorageOptions.DeleteStateOnClear"/> = false).</summary>
    Tombstone,
}

/// <summary>
/// One write waiting for the writer thread. Its task completes only after the transaction
/// that applied it has committed (or failed), so no caller is acknowledged early.
/// </summary>
internal sealed class PendingWrite(WriteKind kind, string stateName, string grainId, string? expectedETag, byte[]? payload)
{
    // Continuations must not run on the writer thread, or one slow grain would stall every commit.
    private readonly TaskCompletionSource<string?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WriteKind Kind { get; } = kind;
    public string StateName { get; } = stateName;
    public string GrainId { get; } = grainId;
    public string? ExpectedETag { get; } = expectedETag;
    public byte[]? Payload { get; } = payload;

    /// <summary>The new ETag (null when the row no longer exists), or the failure.</summary>
    public Task<string?> Completion => _completion.Task;

    public void Succeed(string? newETag) => _completion.TrySetResult(newETag);

    public void Fail(Exception error) => _completion.TrySetException(error);
}
