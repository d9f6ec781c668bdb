namespace LiveChat.Grains.Chat;

using System.Security.Cryptography;
using System.Text;
using LiveChat.Grains.Common;

// Exactly-once commands (IdempotencyKeys). A command that creates something first checks that the
// caller may still do it here (its role in the A-table, or being the chat's end user), then looks its
// key up: a key this caller already used for the same request returns the first result, without the
// other rules being checked again (the first attempt may have ended the chat's room for more), and
// stores nothing. A caller who may no longer do it (removed, left, now a monitor) gets the refusal a
// new call would get, not the stored result. One exception: in an ended chat, a retry by whoever was
// allowed the action when it ended learns its first result (after a timeout it must know whether
// its message was stored). A new key is remembered in the same state write as what it created, so a
// crash either keeps both or neither, and a retry after it finds the truth.
public sealed partial class ChatSessionGrain
{
    /// <summary>A command the caller already made with this key: its record; none for a new key (or no key).</summary>
    /// <exception cref="RuleViolationException">The key is malformed, or this caller used it for another request.</exception>
    private CommandKey? Replay(string? key, string caller, string request)
    {
        if (key is null) return null;
        if (!IdempotencyKeys.IsValid(key)) throw Refuse.Invalid(IdempotencyKeys.Rule, IdempotencyKeys.Describe);
        ForgetOldKeys();
        var digest = KeyDigest(caller, key);
        var known = State.CommandKeys.FirstOrDefault(k => k.Key == digest);
        if (known is null) return null;
        if (known.Request != request)
            throw Refuse.Conflict(IdempotencyKeys.Rule, "This Idempotency-Key was already used for a different request; send a new key for a new request.");
        return known;
    }

    /// <summary>
    /// An agent's command with this key, replayed only when the agent may still do the action here
    /// (or, in an ended chat, could when it ended); otherwise the A-table refusal a new call gets.
    /// </summary>
    private CommandKey? ReplayIfAllowed(string agentId, ChatAction action, string? key, string request) =>
        ReplayIfAllowed(key, AgentCaller(agentId), request, ChatPermissionTable.Allows(RoleAtEnd(agentId), action), () => EnsureMay(agentId, action));

    /// <summary>The caller's command with this key, once <paramref name="ensureAllowed"/> passed (or the chat ended with the caller allowed).</summary>
    private CommandKey? ReplayIfAllowed(string? key, string caller, string request, bool allowedAtEnd, Action ensureAllowed)
    {
        if (key is null || !(allowedAtEnd && State.Started && State.Status == ChatStatus.Ended)) ensureAllowed();
        return Replay(key, caller, request);
    }

    /// <summary>The agent's role when the chat ended: ending keeps the assignee and moves the members to <see cref="ChatState.MembersAtEnd"/>.</summary>
    private ChatRole RoleAtEnd(string agentId)
    {
        if (string.IsNullOrEmpty(agentId)) return ChatRole.None;
        if (State.AssigneeId == agentId) return ChatRole.Assignee;
        var member = State.MembersAtEnd.FirstOrDefault(m => m.AgentId == agentId);
        if (member is null) return ChatRole.None;
        return member.Mode == JoinMode.Participant ? ChatRole.Participant : ChatRole.Monitor;
    }

    /// <summary>Records the key with the state change it made; stored by the commit that follows.</summary>
    private void Remember(string? key, string caller, string request, string? resultId = null, long seq = 0)
    {
        if (key is null) return;
        State.CommandKeys.Add(new CommandKey(KeyDigest(caller, key), request, resultId, seq, _clock.Now));
        var excess = State.CommandKeys.Count - Math.Max(1, _options.IdempotencyKeysPerChat);
        if (excess > 0) State.CommandKeys.RemoveRange(0, excess);
    }

    private void ForgetOldKeys()
    {
        var oldest = _clock.Now - _options.IdempotencyWindow;
        var expired = State.CommandKeys.FindIndex(k => k.At >= oldest);
        if (expired < 0) State.CommandKeys.Clear();
        else if (expired > 0) State.CommandKeys.RemoveRange(0, expired);
    }

    /// <summary>The transcript entry a replayed command appended: in the tail, or in the page it was sealed into.</summary>
    private async Task<TranscriptEntry> EntryAt(long seq)
    {
        var entry = State.Tail.FirstOrDefault(e => e.Seq == seq);
        if (entry is not null) return entry;
        var page = TranscriptPaging.PageOf(seq, State.PageSizeInUse);
        var entries = await GrainFactory.TranscriptPage(TranscriptPaging.PageKey(ChatId, page)).Read();
        return entries.First(e => e.Seq == seq);
    }

    // Keys are scoped by caller: the same key from two callers names two commands.
    private static string AgentCaller(string agentId) => "agent:" + agentId;
    private static string EndUserCaller(string endUserId) => "enduser:" + endUserId;

    /// <summary>A digest of the command and its arguments: a retry must ask for the same thing.</summary>
    private static string RequestDigest(string operation, params string?[] arguments) =>
        Digest(operation + "\u0001" + string.Join("\u0001", arguments.Select(a => a ?? "\u0002")), 12);

    private static string KeyDigest(string caller, string key) => Digest(caller + "\u0001" + key, 16);

    private static string Digest(string text, int bytes) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, bytes));
}
