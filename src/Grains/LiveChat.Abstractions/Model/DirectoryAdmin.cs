namespace LiveChat.Model;

// Directory administration: the records an admin edits, the directory file holds (import/export)
// and the audit trail shows before and after a change. One shape for all three, so an audit entry
// reads like the line of the directory file it changed.

/// <summary>An agent as the directory file and the admin API write it: registration and capacity in one flat record.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.DirectoryAgent")]
public sealed record DirectoryAgent(
    [property: Id(0)] string Id,
    [property: Id(1)] string FirstName,
    [property: Id(2)] string LastName,
    [property: Id(3)] string Email,
    [property: Id(4)] AgentRole Role,
    [property: Id(5)] IReadOnlyList<string> Permissions,
    [property: Id(6)] IReadOnlyList<string> Queues,
    [property: Id(7)] IReadOnlyList<string> Supervises,
    [property: Id(8)] int? Capacity = null,
    [property: Id(9)] bool Disabled = false)
{
    public AgentRegistration ToRegistration() =>
        new(new AgentProfile(FirstName, LastName, Email), Role, Permissions, Queues, Supervises, Disabled);

    public static DirectoryAgent Of(AgentSnapshot agent) => new(agent.AgentId,
        agent.Registration.Profile.FirstName, agent.Registration.Profile.LastName, agent.Registration.Profile.Email,
        agent.Registration.Role, agent.Registration.Permissions, agent.Registration.Queues,
        agent.Registration.SupervisedQueues, agent.Settings.Capacity, agent.Registration.Disabled);

    /// <summary>Records compare lists by reference; two entries are the same when their contents are.</summary>
    public bool SameAs(DirectoryAgent? other) => other is not null
        && this with { Permissions = [], Queues = [], Supervises = [] } == other with { Permissions = [], Queues = [], Supervises = [] }
        && Permissions.SequenceEqual(other.Permissions) && Queues.SequenceEqual(other.Queues) && Supervises.SequenceEqual(other.Supervises);
}

/// <summary>A queue as the directory file and the admin API write it.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.DirectoryQueue")]
public sealed record DirectoryQueue(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] bool AutomaticAssignment,
    [property: Id(3)] bool SystemNotifications,
    [property: Id(4)] IReadOnlyList<CannedResponse> CannedResponses,
    [property: Id(5)] IReadOnlyList<KnowledgeArticle> Articles,
    /// <summary>T8: seconds a transfer offer waits for its answer in this queue (10 to 3600); null: the deployment's default.</summary>
    [property: Id(40)] int? OfferExpirySeconds = null,
    // C1: ask the end user for a satisfaction rating when a chat ends.
    [property: Id(25)] bool AskSatisfaction = false,
    /// <summary>B1: when the queue takes live chats (time zone, weekly openings, holidays); null: always open.</summary>
    [property: Id(140)] BusinessHours? BusinessHours = null,
    /// <summary>SLA2: seconds from a chat's start to the first agent message (10 to 86400); null: no limit.</summary>
    [property: Id(120)] int? FirstResponseLimitSeconds = null,
    /// <summary>SLA3: seconds from the end user's first unanswered message to the next agent message (10 to 86400); null: no limit.</summary>
    [property: Id(121)] int? ReplyLimitSeconds = null,
    /// <summary>SLA6, SLA7: what a chat past a limit gets beside the flag and the supervisors' alert.</summary>
    [property: Id(122)] SlaBreachAction SlaBreachAction = SlaBreachAction.None)
{
    public QueueDefinition ToDefinition() => new(Name, AutomaticAssignment, SystemNotifications, CannedResponses, Articles,
        OfferExpirySeconds: OfferExpirySeconds, AskSatisfaction: AskSatisfaction, BusinessHours: BusinessHours,
        FirstResponseLimitSeconds: FirstResponseLimitSeconds, ReplyLimitSeconds: ReplyLimitSeconds, SlaBreachAction: SlaBreachAction);

    public static DirectoryQueue Of(QueueInfo queue) => new(queue.QueueId, queue.Definition.Name,
        queue.Definition.AutomaticAssignment, queue.Definition.SystemNotifications,
        queue.Definition.CannedResponses, queue.Definition.Articles,
        OfferExpirySeconds: queue.Definition.OfferExpirySeconds, AskSatisfaction: queue.Definition.AskSatisfaction,
        BusinessHours: queue.Definition.BusinessHours,
        FirstResponseLimitSeconds: queue.Definition.FirstResponseLimitSeconds, ReplyLimitSeconds: queue.Definition.ReplyLimitSeconds,
        SlaBreachAction: queue.Definition.SlaBreachAction);

    public bool SameAs(DirectoryQueue? other) => other is not null
        && this with { CannedResponses = [], Articles = [], BusinessHours = null } == other with { CannedResponses = [], Articles = [], BusinessHours = null }
        && CannedResponses.SequenceEqual(other.CannedResponses) && Articles.SequenceEqual(other.Articles)
        && global::LiveChat.Model.BusinessHours.Same(BusinessHours, other.BusinessHours);
}

/// <summary>The whole directory: the import/export file's content.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.DirectoryContent")]
public sealed record DirectoryContent(
    [property: Id(0)] IReadOnlyList<DirectoryQueue> Queues,
    [property: Id(1)] IReadOnlyList<DirectoryAgent> Agents);

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.DirectoryAgentPage")]
public sealed record DirectoryAgentPage(
    [property: Id(0)] IReadOnlyList<DirectoryAgent> Agents,
    [property: Id(1)] int Total);

[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.DirectoryQueuePage")]
public sealed record DirectoryQueuePage(
    [property: Id(0)] IReadOnlyList<DirectoryQueue> Queues,
    [property: Id(1)] int Total);

/// <summary>Pending: written before the change is applied; Applied or Failed once it is known.</summary>
[GenerateSerializer, Alias("LiveChat.AuditOutcome")]
public enum AuditOutcome { Pending, Applied, Failed }

/// <summary>One directory change: who made it, when, on what, and the record before and after.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.DirectoryAuditEntry")]
public sealed record DirectoryAuditEntry(
    [property: Id(0)] long Seq,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string ActorId,
    [property: Id(3)] string Target,
    [property: Id(4)] string Action,
    [property: Id(5)] DirectoryAgent? AgentBefore,
    [property: Id(6)] DirectoryAgent? AgentAfter,
    [property: Id(7)] DirectoryQueue? QueueBefore,
    [property: Id(8)] DirectoryQueue? QueueAfter,
    [property: Id(9)] AuditOutcome Outcome,
    [property: Id(10)] string? Failure = null,
    // E6: what a data-protection action did (counts, chat ids); never erased content.
    [property: Id(160)] string? Detail = null);

/// <summary>Audit entries newest first; <see cref="Before"/> reads the next older page (0: none left).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.AuditSlice")]
public sealed record AuditSlice(
    [property: Id(0)] IReadOnlyList<DirectoryAuditEntry> Entries,
    [property: Id(1)] long Before);

/// <summary>What an import did: how many records it created, changed, and left as they were.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("LiveChat.ImportResult")]
public sealed record ImportResult(
    [property: Id(0)] int Created,
    [property: Id(1)] int Updated,
    [property: Id(2)] int Unchanged);

public static class DirectoryActions
{
    public const string CreateAgent = "CreateAgent";
    public const string UpdateAgent = "UpdateAgent";
    public const string DisableAgent = "DisableAgent";
    public const string EnableAgent = "EnableAgent";
    public const string CreateQueue = "CreateQueue";
    public const string UpdateQueue = "UpdateQueue";
}
