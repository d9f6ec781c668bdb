namespace LiveChat.Grains.Common;

/// <summary>
/// What makes directory data complete and consistent (rule "Directory"). The agent and queue
/// grains check it on every change; the directory grain checks it first, so an admin's bad
/// input is refused before its audit entry is written or anything changes.
/// </summary>
internal static class DirectoryRules
{
    public static void Validate(AgentRegistration registration)
    {
        if (registration?.Profile is null) throw Refuse.Invalid(Rules.Directory, "A registration needs a profile.");
        var profile = registration.Profile;
        if (string.IsNullOrWhiteSpace(profile.FirstName) || string.IsNullOrWhiteSpace(profile.LastName)
            || profile.FirstName.Length > 100 || profile.LastName.Length > 100)
            throw Refuse.Invalid(Rules.Directory, "An agent needs a first and a last name of 1 to 100 characters.");
        if (string.IsNullOrWhiteSpace(profile.Email) || !profile.Email.Contains('@') || profile.Email.Length > ChatLimits.MaxEmailLength)
            throw Refuse.Invalid(Rules.Directory, "An agent needs an email address.");
        if (!Enum.IsDefined(registration.Role)) throw Refuse.Invalid(Rules.Directory, "Unknown role.");
        if (registration.Permissions is null || registration.Queues is null || registration.SupervisedQueues is null)
            throw Refuse.Invalid(Rules.Directory, "Permissions, queues and supervised queues must be lists (they may be empty).");
        foreach (var permission in registration.Permissions) Refuse.CheckId(Rules.Directory, permission, "Permission");
        foreach (var queue in registration.Queues.Concat(registration.SupervisedQueues)) Refuse.CheckId(Rules.Directory, queue, "Queue id");
        if (registration.SupervisedQueues.Count > 0 && registration.Role != AgentRole.Supervisor)
            throw Refuse.Invalid(Rules.Directory, "Only a supervisor supervises queues.");
    }

    public static void ValidateCapacity(int? capacity)
    {
        if (capacity is < 0 or > AgentSettings.MaxCapacity)
            throw Refuse.Invalid(Rules.Directory, $"Capacity must be between 0 and {AgentSettings.MaxCapacity}.");
    }

    public static void Validate(QueueDefinition definition)
    {
        if (definition is null || string.IsNullOrWhiteSpace(definition.Name) || definition.Name.Length > 100)
            throw Refuse.Invalid(Rules.Directory, "A queue needs a name of 1 to 100 characters.");
        if (definition.CannedResponses is null || definition.Articles is null)
            throw Refuse.Invalid(Rules.Directory, "Canned responses and articles must be lists (they may be empty).");
        foreach (var canned in definition.CannedResponses)
        {
            if (canned is null) throw Refuse.Invalid(Rules.Directory, "A canned response must not be empty.");
            Refuse.CheckId(Rules.Directory, canned.Id, "Canned response id");
            Refuse.CheckText(Rules.Directory, canned.Text, "A canned response");
        }
        foreach (var article in definition.Articles)
        {
            if (article is null) throw Refuse.Invalid(Rules.Directory, "An article must not be empty.");
            Refuse.CheckId(Rules.Directory, article.Id, "Article id");
        }
        if (definition.CannedResponses.Select(c => c.Id).Distinct().Count() != definition.CannedResponses.Count
            || definition.Articles.Select(a => a.Id).Distinct().Count() != definition.Articles.Count)
            throw Refuse.Invalid(Rules.Directory, "Canned response and article ids must be unique within a queue.");
        if (definition.OfferExpirySeconds is < 10 or > 3600)
            throw Refuse.Invalid(Rules.Directory, "A queue's transfer offer expiry is between 10 and 3600 seconds.");
        LiveChat.Grains.Queue.BusinessSchedule.Validate(definition.BusinessHours);
        ValidateSla(definition);
    }

    /// <summary>SLA1: each limit is off (null) or a sane number of seconds; an action needs a limit to act on.</summary>
    private static void ValidateSla(QueueDefinition definition)
    {
        const string rule = Rules.SLA1;
        if (definition.FirstResponseLimitSeconds is < SlaLimits.MinSeconds or > SlaLimits.MaxSeconds)
            throw Refuse.Invalid(rule, $"A queue's first-response limit is between {SlaLimits.MinSeconds} and {SlaLimits.MaxSeconds} seconds, or none.");
        if (definition.ReplyLimitSeconds is < SlaLimits.MinSeconds or > SlaLimits.MaxSeconds)
            throw Refuse.Invalid(rule, $"A queue's reply limit is between {SlaLimits.MinSeconds} and {SlaLimits.MaxSeconds} seconds, or none.");
        if (!Enum.IsDefined(definition.SlaBreachAction))
            throw Refuse.Invalid(rule, "The breach action must be None, OfferToAnotherAgent or ReturnToQueue.");
        if (definition.SlaBreachAction != SlaBreachAction.None && definition.FirstResponseLimitSeconds is null && definition.ReplyLimitSeconds is null)
            throw Refuse.Invalid(rule, "A breach action needs a first-response or a reply limit to act on.");
    }
}
