namespace LiveChat.Grains.Chat;

using System.Security.Cryptography;
using System.Text;
using LiveChat.Grains.Common;

// Exactly-once commands (IdempotencyKeys). A command that creates something looks its key up
// first: a key this caller already used for the same request returns the first result, before any
// rule is checked again (the first attempt may have ended the chat's room for more, or the chat),
// and stores nothing. A new key is remembered in the same state write as what it created, so a
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
        var entries = await GrainReferences<ITranscriptPageGrain>.Get(GrainFactory, TranscriptPaging.PageKey(ChatId, page)).Read();
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
