namespace LiveChat.Grains.Retention;

using LiveChat.Grains.Common;

[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.Retention.AttachmentErasureState")]
public sealed class AttachmentErasureState
{
    /// <summary>Files to delete, oldest first; at most <see cref="IAttachmentErasureGrain.MaxPending"/>.</summary>
    [Id(0)] public List<AttachmentToErase> Pending { get; set; } = [];
}

/// <summary>
/// The files of erased chats the attachment store must still delete (E8). The bytes live where the
/// gateway keeps them (a folder or a blob container), so the gateway drains this list; a chat hands
/// its files over here before it deletes its own row, so no file is ever left without a record.
/// </summary>
public sealed class AttachmentErasureGrain(
    [PersistentState("attachment-erasure", StorageNames.LiveChat)] IPersistentState<AttachmentErasureState> erasure)
    : Grain, IAttachmentErasureGrain
{
    public async Task Enqueue(IReadOnlyList<AttachmentToErase> files)
    {
        var added = files.Where(f => !erasure.State.Pending.Contains(f)).ToList();
        if (added.Count == 0) return;
        if (erasure.State.Pending.Count + added.Count > IAttachmentErasureGrain.MaxPending)
            throw Refuse.Conflict(Rules.E7, $"{erasure.State.Pending.Count} files already wait for the attachment store to delete them; the erasure is retried once it catches up.");
        erasure.State.Pending.AddRange(added);
        await erasure.WriteStateAsync();
    }

    public Task<IReadOnlyList<AttachmentToErase>> Peek(int max) =>
        Task.FromResult<IReadOnlyList<AttachmentToErase>>(erasure.State.Pending.Take(Math.Clamp(max, 1, 1000)).ToList());

    public async Task Done(IReadOnlyList<AttachmentToErase> files)
    {
        if (erasure.State.Pending.RemoveAll(f => files.Contains(f)) == 0) return;
        if (erasure.State.Pending.Count == 0) await erasure.ClearStateAsync();
        else await erasure.WriteStateAsync();
    }
}
