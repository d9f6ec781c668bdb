namespace LiveChat.Grains.Chat;

using System.Collections.Concurrent;
using System.Reflection;

// The one order of a command's effects (issue #16). Every command that changes the chat runs:
//   1. Validate: checks of the input, the caller's role and the chat's data (the pure domain
//      classes, e.g. ChatInvites) and reads of other grains. A refusal (RuleViolationException)
//      or fault here changes nothing.
//   2. Tell before commit, only where a comment there says why: the invitee's list learns of a
//      pending invite or offer before the chat stores it (R11: a stored invite is always in its
//      invitee's list; one never stored drops out when the list checks it with the chat), and an
//      agent lists a chat it joins or is assigned before the chat stores it (its capacity is
//      checked there), undone there when the commit fails.
//   3. Change: the new values the domain class returned go into the state; transcript entries are
//      appended, report facts noted, the idempotency key remembered; the reminder is made sure of
//      before the commit that stores timed work.
//   4. Queue what follows the change with AfterCommit: tells to other grains (the invitees' and
//      agents' lists, the queue), the expiry timer. Nothing is sent yet.
//   5. Commit: one state write. If it fails, Rollback re-reads the stored state and drops the
//      entries, report facts and queued effects: no push, no tell, no fact goes out.
//   6. After the write, Commit runs, in order: webhooks and pushes of the appended entries, report
//      facts, the queue's dashboard card and SLA flag, then the queued effects in the order queued.
// A call that fails between 3 and 5 (a fault in an await) is rolled back by the call filter
// (Invoke) the same way; timer and reminder work, which passes no filter, calls Rollback itself.
public sealed partial class ChatSessionGrain
{
    // Interleaving calls ([AlwaysInterleave]) only read and check: one that fails while a command is
    // part-way must not roll back that command's change.
    private static readonly ConcurrentDictionary<MethodInfo, bool> InterleavingMethods = new();

    /// <summary>
    /// Marks that the state in memory now holds a change the store has not got: a failure before the
    /// commit rolls it back. Commands call it where their change begins (step 3); <see cref="Append"/>
    /// calls it too, so a command whose only change is appending entries needs no call of its own.
    /// </summary>
    private void Changing() => _changed = true;

    /// <summary>Queues an effect of the running command, run by the next <see cref="Commit"/> once the change is stored.</summary>
    private void AfterCommit(Func<Task> effect) => _afterCommit.Add(effect);

    /// <summary>Registers how to undo a tell the running command made before its commit: run by <see cref="Rollback"/>, dropped once the change is stored.</summary>
    private void UndoIfNotStored(Func<Task> undo) => _undoIfNotStored.Add(undo);

    private void AfterCommit(Action effect) => _afterCommit.Add(() =>
    {
        effect();
        return Task.CompletedTask;
    });

    /// <summary>
    /// Runs the queued effects in order. The queue is emptied first, so an effect that commits
    /// again runs its own. A failing effect fails the call, as a failing step after the commit did
    /// before this queue existed: the change stays stored and the effects after it do not run.
    /// </summary>
    private async Task RunAfterCommit()
    {
        if (_afterCommit.Count == 0) return;
        var effects = _afterCommit.ToList();
        _afterCommit.Clear();
        foreach (var effect in effects) await effect();
    }

    /// <summary>
    /// Undoes what the running command did: its entries, report facts and queued effects are
    /// dropped, a changed state is read again from the store (numbered, should it predate
    /// numbering), then the tells it made before its commit are undone (<see cref="UndoIfNotStored"/>).
    /// A state that cannot be read deactivates the chat, so the next call reads it fresh.
    /// </summary>
    private async Task Rollback()
    {
        var undo = _undoIfNotStored.ToList();
        _unpublished.Clear();
        _unreported.Clear();
        _afterCommit.Clear();
        _undoIfNotStored.Clear();
        ReleaseCommandLists();
        if (_changed)
        {
            _changed = false;
            try
            {
                await ReloadState();
            }
            catch (Exception reloadError)
            {
                _logger.LogError(reloadError, "Chat {ChatId} could not reload its state; deactivating", ChatId);
                DeactivateOnIdle();
            }
        }
        foreach (var step in undo) await step();
    }

    /// <summary>
    /// Gives back the arrays of the per-command lists once a command is done with them. A list keeps
    /// its capacity when cleared, so every chat that ever ran a command would hold three or four small
    /// arrays for nothing between commands: about 250 bytes per waiting chat, a quarter of a GiB at a
    /// million (issue #16). The next command allocates them again, a few bytes beside its state write.
    /// </summary>
    private void ReleaseCommandLists()
    {
        Release(_unpublished);
        Release(_unreported);
        Release(_afterCommit);
        Release(_undoIfNotStored);

        // An empty list with capacity 0 shares the runtime's one empty array.
        static void Release<T>(List<T> list)
        {
            if (list.Count == 0) list.Capacity = 0;
        }
    }

    private static bool Interleaves(IIncomingGrainCallContext context) =>
        context.InterfaceMethod is { } method
        && InterleavingMethods.GetOrAdd(method, m => m.GetCustomAttribute<AlwaysInterleaveAttribute>() is not null);
}
