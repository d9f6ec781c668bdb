namespace LiveChat.Model;

// Every record here is an immutable tree (no cycles, no shared identity), so the serializer need not
// track references: SuppressReferenceTracking saves that work on every call and state write.

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.AgentProfile")]
public sealed record AgentProfile(
    [property: Id(0)] string FirstName,
    [property: Id(1)] string LastName,
    [property: Id(2)] string Email)
{
    public string FullName => $"{FirstName} {LastName}";
}

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.AgentSettings")]
public sealed record AgentSettings(
    [property: Id(0)] bool BrowserNotifications,
    [property: Id(1)] bool SystemNotifications,
    [property: Id(2)] int Capacity)
{
    public static AgentSettings Default { get; } = new(BrowserNotifications: true, SystemNotifications: true, Capacity: 3);
    public const int MaxCapacity = 50;
}

/// <summary>The directory data of an agent: who it is and where it works. Presence and chats are not part of it.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.AgentRegistration")]
public sealed record AgentRegistration(
    [property: Id(0)] AgentProfile Profile,
    [property: Id(1)] AgentRole Role,
    [property: Id(2)] IReadOnlyList<string> Permissions,
    [property: Id(3)] IReadOnlyList<string> Queues,
    [property: Id(4)] IReadOnlyList<string> SupervisedQueues,
    [property: Id(5)] bool Disabled = false);

public static class Permissions
{
    /// <summary>Needed to send or to receive an invite (R1).</summary>
    public const string ChatAgent = "ESChat_Agent";
}

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.JoinedChat")]
public sealed record JoinedChat(
    [property: Id(0)] string ChatId,
    [property: Id(1)] JoinMode Mode,
    [property: Id(2)] DateTimeOffset JoinedAt);

/// <summary>Everything an agent console shows about its own agent.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.AgentSnapshot")]
public sealed record AgentSnapshot(
    [property: Id(0)] string AgentId,
    [property: Id(1)] AgentRegistration Registration,
    [property: Id(2)] Presence Presence,
    [property: Id(3)] AgentSettings Settings,
    [property: Id(4)] IReadOnlyList<string> AssignedChats,
    [property: Id(5)] IReadOnlyList<JoinedChat> JoinedChats,
    [property: Id(6)] int PendingInvites,
    [property: Id(7)] long DirectoryVersion = 0)
{
    public bool HasPermission(string permission) => Registration.Permissions.Contains(permission);
    public bool IsSupervisorOf(string queueId) =>
        Registration.Role == AgentRole.Supervisor && Registration.SupervisedQueues.Contains(queueId);

    /// <summary>Chats counted against capacity by automatic assignment: assigned ones only (S3).</summary>
    public int AssignmentLoad => AssignedChats.Count;
}

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.CannedResponse")]
public sealed record CannedResponse(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string Text);

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.KnowledgeArticle")]
public sealed record KnowledgeArticle(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string Url);

/// <summary>A support queue's own settings and content.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.QueueDefinition")]
public sealed record QueueDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] bool AutomaticAssignment,
    [property: Id(2)] bool SystemNotifications,
    [property: Id(3)] IReadOnlyList<CannedResponse> CannedResponses,
    [property: Id(4)] IReadOnlyList<KnowledgeArticle> Articles,
    // T8: how long a transfer offer made in this queue waits for its answer; null: LiveChat:OfferExpiry.
    [property: Id(40)] int? OfferExpirySeconds = null,
    // C1: when a chat ends, its end user is asked to rate it. Off by default; id with a margin for other new settings.
    [property: Id(24)] bool AskSatisfaction = false,
    // B1: when the queue takes live chats; null: always open.
    [property: Id(140)] BusinessHours? BusinessHours = null,
    // SLA1-SLA7: response-time limits in seconds (null: no limit) and what a chat past one gets.
    [property: Id(120)] int? FirstResponseLimitSeconds = null,
    [property: Id(121)] int? ReplyLimitSeconds = null,
    [property: Id(122)] SlaBreachAction SlaBreachAction = SlaBreachAction.None);

/// <summary>What a queue knows of one of its agents, kept current by the agent itself.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.AgentCard")]
public sealed record AgentCard(
    [property: Id(0)] string AgentId,
    [property: Id(1)] AgentProfile Profile,
    [property: Id(2)] AgentRole Role,
    [property: Id(3)] bool CanChat,
    [property: Id(4)] Presence Presence,
    [property: Id(5)] int Load,
    [property: Id(6)] int Capacity,
    [property: Id(7)] DateTimeOffset IdleSince,
    [property: Id(8)] bool IsMember,
    [property: Id(9)] bool IsSupervisor,
    [property: Id(10)] long Version);

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.QueueInfo")]
public sealed record QueueInfo(
    [property: Id(0)] string QueueId,
    [property: Id(1)] QueueDefinition Definition,
    [property: Id(2)] IReadOnlyList<string> Members,
    [property: Id(3)] IReadOnlyList<string> Supervisors);

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.WaitingChat")]
public sealed record WaitingChat(
    [property: Id(0)] string ChatId,
    [property: Id(1)] DateTimeOffset Since,
    [property: Id(2)] TimeSpan Wait,
    [property: Id(3)] string? EndUserName = null,
    [property: Id(4)] string? Preview = null,
    // O2: a message left for the queue (an offline chat), answered later; not assigned automatically (O3).
    [property: Id(140)] bool Offline = false);

/// <summary>A page of a queue's waiting chats: <see cref="Total"/> wait in all, these from position <see cref="Skip"/> on.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.WaitingChatsPage")]
public sealed record WaitingChatsPage(
    [property: Id(0)] int Total,
    [property: Id(1)] int Skip,
    [property: Id(2)] IReadOnlyList<WaitingChat> Chats)
{
    /// <summary>The most chats one page holds.</summary>
    public const int MaxTake = 500;
}

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.AgentLoad")]
public sealed record AgentLoad(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string FullName,
    [property: Id(2)] Presence Presence,
    [property: Id(3)] int Load,
    [property: Id(4)] int Capacity)
{
    /// <summary>Q3: more chats assigned than the agent's capacity (accepting, transfers and offers may exceed it; assignment never does).</summary>
    public bool OverCapacity => Load > Capacity;
}

/// <summary>The live figures of a supervisor's dashboard.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.QueueFigures")]
public sealed record QueueFigures(
    [property: Id(0)] string QueueId,
    [property: Id(1)] int WaitingChats,
    [property: Id(2)] TimeSpan LongestWait,
    [property: Id(3)] int ActiveChats,
    [property: Id(4)] IReadOnlyList<AgentLoad> AgentsOnline,
    // The ids of the oldest MaxActiveChatIds active chats, sorted: every figures push carries them,
    // so a queue with 100,000 active chats does not send 100,000 ids; ActiveChats counts them all.
    [property: Id(5)] IReadOnlyList<string> ActiveChatIds,
    // C5: the queue's ratings, in all and per agent; null while the queue has not loaded them.
    [property: Id(25)] SatisfactionFigures? Satisfaction = null,
    // Q3: the first MaxActiveChatCards active chats, oldest first, named (customer, assignee,
    // members with modes, pending invites and offers); ActiveChats counts them all.
    [property: Id(100)] IReadOnlyList<ActiveChatCard>? ActiveChatCards = null,
    // Q3: the queue's agents (online or not) with more chats assigned than their capacity.
    [property: Id(101)] IReadOnlyList<AgentLoad>? AgentsOverCapacity = null,
    // SLA9: the queue's chats that are due soon or past a response-time limit, most overdue first; a chat not listed is ok.
    [property: Id(120)] IReadOnlyList<ChatSla>? Sla = null)
{
    /// <summary>The most active chats the figures name; a dashboard learns the rest by their count.</summary>
    public const int MaxActiveChatCards = 50;

    /// <summary>The most active chat ids the figures list.</summary>
    public const int MaxActiveChatIds = 1000;
}

/// <summary>An agent found by the invite search (R12).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.AgentSearchHit")]
public sealed record AgentSearchHit(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string FirstName,
    [property: Id(2)] string LastName,
    [property: Id(3)] string Email);

/// <summary>
/// A queue's waiting list as a console shows it (Q2): the first <see cref="HeadSize"/> chats, oldest
/// first, and how many wait in all, at change <see cref="Seq"/> of activation <see cref="Epoch"/>.
/// Live pushes (<c>QueueWaitingEvent</c>) with a higher seq of the same epoch follow it.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveQueues.QueueWaitingView")]
public sealed record QueueWaitingView(
    [property: Id(0)] string QueueId,
    [property: Id(1)] string Epoch,
    [property: Id(2)] long Seq,
    [property: Id(3)] int Total,
    [property: Id(4)] IReadOnlyList<WaitingChat> Head)
{
    /// <summary>The most waiting chats a console receives; the rest it knows by their count.</summary>
    public const int HeadSize = 20;
}
