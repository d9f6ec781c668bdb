namespace LiveChat.Gateway.Transcripts;

/// <summary>
/// What a downloaded transcript says about its chat before the entries, as the reader may know it:
/// an agent's heading comes from the chat's snapshot (A11), the end user's from its own view.
/// </summary>
internal sealed record TranscriptHeading(
    string ChatId,
    string QueueId,
    ChatStatus Status,
    string EndUserName,
    DateTimeOffset? StartedAt,
    EndReason? EndReason,
    SatisfactionRating? Satisfaction,
    bool ForEndUser,
    IReadOnlyDictionary<string, string> AgentNames)
{
    public static TranscriptHeading OfAgents(ChatSnapshot chat)
    {
        // Stored entries name agents by sign-in id only: the heading knows the names of those in the chat now.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in chat.Members.Where(m => m.Name is not null)) names[member.AgentId] = member.Name!;
        if (chat.AssigneeId is { } assignee && chat.AssigneeName is { } name) names[assignee] = name;
        return new(chat.ChatId, chat.QueueId, chat.Status, chat.EndUser.DisplayName, chat.CreatedAt, chat.EndReason, chat.Satisfaction, false, names);
    }

    public static TranscriptHeading OfEndUser(EndUserChatView chat) =>
        new(chat.ChatId, chat.QueueId, chat.Status, "You", null, null, chat.Satisfaction, true, new Dictionary<string, string>());

    /// <summary>How a line names who wrote it.</summary>
    public string NameOf(Actor actor) => actor.Kind switch
    {
        ActorKind.System => "System",
        ActorKind.EndUser => ForEndUser ? "You" : EndUserName,
        _ => actor.Name ?? AgentNames.GetValueOrDefault(actor.Id) ?? actor.Id,
    };

    /// <summary>Side notes, invite steps and other agents-only lines are internal: never in the end user's download.</summary>
    public static bool IsInternal(TranscriptEntry entry) => entry.Visibility != Visibility.Everyone;
}
