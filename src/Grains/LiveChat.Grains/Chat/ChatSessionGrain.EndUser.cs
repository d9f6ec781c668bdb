namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;

// What the end user may know, and nothing more. It sees only entries meant for everyone, numbered
// by a sequence of its own (PublicSeq: gap-free over what it sees, so hidden side notes, invites
// and monitor joins leave no gap), and agents under per-chat aliases, never their sign-in ids.
public sealed partial class ChatSessionGrain
{
    // Aliases are a keyed hash: computed once per agent per activation. The cache is made on the first
    // alias asked for: a waiting chat no agent has touched holds none (issue #16, memory per chat).
    private Dictionary<string, string>? _aliases;

    private static bool IsPublic(TranscriptEntry entry) => entry.Visibility == Visibility.Everyone;

    public Task<EndUserChatView> GetEndUserView(string endUserId)
    {
        EnsureEndUser(Rules.A11, endUserId);
        // The end user knows the assignee and participants, never monitors.
        var agents = State.Members.Where(m => m.Mode == JoinMode.Participant).Select(m => m.AgentId).ToList();
        if (State.AssigneeId is not null) agents.Insert(0, State.AssigneeId);
        return Task.FromResult(new EndUserChatView(ChatId, State.QueueId, State.Status, agents.Select(AliasOf).ToList(), State.Shared.ToList(),
            State.LastPublicSeq, State.Attachments.ToList(), agents.Select(a => DisplayNameOf(a) ?? "Agent").ToList(),
            State.SatisfactionAsked, State.Satisfaction, RateBefore(), State.Offline));
    }

    public async Task<TranscriptSlice> ReadEndUserTranscript(string endUserId, long afterSeq, int max)
    {
        EnsureEndUser(Rules.A11, endUserId);
        if (afterSeq < 0) throw Refuse.Invalid(Rules.A11, "'after' must be zero or a sequence number.");
        max = Math.Clamp(max, 1, ChatLimits.MaxPageRead);
        var result = new List<TranscriptEntry>();
        if (afterSeq < State.LastPublicSeq)
        {
            // The page index says where public number afterSeq+1 lies: no page before it is read.
            for (var page = FirstPageAfterPublic(afterSeq); page < State.SealedPages && result.Count < max; page++)
            {
                var entries = await GrainFactory.TranscriptPage(TranscriptPaging.PageKey(ChatId, page)).Read();
                CollectPublic(entries, State.PublicSeqBeforePage[page], afterSeq, max, result);
            }
            if (result.Count < max) CollectPublic(State.Tail, State.LastPublicSeq - State.Tail.Count(IsPublic), afterSeq, max, result);
        }
        var lastSeq = result.Count > 0 ? result[^1].Seq : State.LastPublicSeq;
        return new TranscriptSlice(result, lastSeq, lastSeq < State.LastPublicSeq);
    }

    /// <summary>
    /// Adds the public entries numbered after <paramref name="afterSeq"/>. Entries stored before
    /// public numbering carry none: they are numbered here in order from the page's index value,
    /// which is how they were counted when the chat was numbered (<see cref="EnsurePublicNumbering"/>).
    /// </summary>
    private void CollectPublic(IEnumerable<TranscriptEntry> entries, long numberedBefore, long afterSeq, int max, List<TranscriptEntry> into)
    {
        var numbered = numberedBefore;
        foreach (var entry in entries)
        {
            if (!IsPublic(entry)) continue;
            numbered = entry.PublicSeq ?? numbered + 1;
            if (numbered <= afterSeq) continue;
            if (into.Count >= max) return;
            into.Add(EndUserFormOf(entry, numbered));
        }
    }

    /// <summary>The last sealed page whose public numbering starts at or before <paramref name="afterSeq"/>.</summary>
    private int FirstPageAfterPublic(long afterSeq)
    {
        var before = State.PublicSeqBeforePage;
        int low = 0, high = before.Count - 1, found = 0;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (before[middle] <= afterSeq)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return found;
    }

    public async Task<Actor> EnsureMayChatSeenByEndUser(string agentId)
    {
        await EnsureMayChat(agentId);
        return EndUserActorOf(Actor.Agent(agentId));
    }

    /// <summary>What the end user receives of a stored entry: null when it must not see it.</summary>
    private TranscriptEntry? EndUserFormOf(TranscriptEntry entry) =>
        IsPublic(entry) && entry.PublicSeq is { } publicSeq ? EndUserFormOf(entry, publicSeq) : null;

    private TranscriptEntry EndUserFormOf(TranscriptEntry entry, long publicSeq) => entry with
    {
        Seq = publicSeq,
        PublicSeq = null,
        Actor = EndUserActorOf(entry.Actor),
        // Joins and leaves name the agent in RefId.
        RefId = entry.Kind is EntryKind.Joined or EntryKind.Left && entry.RefId is { } agentId ? AliasOf(agentId) : entry.RefId,
    };

    private Actor EndUserActorOf(Actor actor) =>
        actor.Kind == ActorKind.Agent ? new Actor(ActorKind.Agent, AliasOf(actor.Id), DisplayNameOf(actor.Id)) : actor;

    private string AliasOf(string agentId)
    {
        _aliases ??= [];
        if (!_aliases.TryGetValue(agentId, out var alias))
            _aliases[agentId] = alias = AgentAliases.Of(State.AliasSalt ?? throw new InvalidOperationException("The chat has no alias salt."), agentId);
        return alias;
    }

    private string? DisplayNameOf(string agentId) =>
        State.AgentNames.TryGetValue(agentId, out var name) ? name
        : State.AssigneeId == agentId ? State.AssigneeName
        : MemberOf(agentId)?.Name;

    /// <summary>Remembers how an agent who joins or takes the chat is named, for the end user's view.</summary>
    private void RememberName(string agentId, string name) => State.AgentNames[agentId] = name;

    /// <summary>
    /// A chat stored before public numbering gets it once, when it activates: its alias salt, the
    /// public number of its tail entries and the page index, counted over its transcript in order.
    /// Stored entries in sealed pages stay as they are (they are numbered when read, the same way),
    /// and the result is written at once so the aliases stay the same for the chat's whole life.
    /// </summary>
    private async Task EnsurePublicNumbering()
    {
        if (!State.Started || (State.PublicNumbered && State.AliasSalt is not null)) return;
        State.AliasSalt ??= AgentAliases.NewSalt();
        if (!State.PublicNumbered)
        {
            var before = new List<long>(State.SealedPages);
            long count = 0;
            for (var page = 0; page < State.SealedPages; page++)
            {
                before.Add(count);
                var entries = await GrainFactory.TranscriptPage(TranscriptPaging.PageKey(ChatId, page)).Read();
                count += entries.Count(IsPublic);
            }
            State.Tail = State.Tail.Select(e => IsPublic(e) ? e with { PublicSeq = ++count } : e).ToList();
            State.PublicSeqBeforePage = before;
            State.LastPublicSeq = count;
            State.PublicNumbered = true;
        }
        await _chat.WriteStateAsync();
    }
}
