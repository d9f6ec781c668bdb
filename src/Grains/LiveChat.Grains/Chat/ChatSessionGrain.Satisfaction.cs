namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;

// Satisfaction (CSAT, docs/rules.md C1-C5): when a chat ends its end user may rate it once, 1 to 5
// with an optional comment, if the chat's queue asks and within SatisfactionLimits.Window of the
// end. The rating is stored with the chat, shown to its agents (snapshot, and an agents-only
// transcript line), and counted per queue and per agent by the queue's ISatisfactionStatsGrain.
public sealed partial class ChatSessionGrain
{
    public async Task<SatisfactionRating> RateChat(string endUserId, int rating, string? comment, string? idempotencyKey = null)
    {
        var request = RequestDigest(nameof(RateChat), rating.ToString(System.Globalization.CultureInfo.InvariantCulture), comment);
        // C1: only the chat's own end user, only an ended chat whose queue asked.
        EnsureEndUser(Rules.C1, endUserId);
        // A retry of the rating that was stored (its answer lost) gets that rating back; C3 refuses
        // only another rating, or the same one sent again without its key.
        if (Replay(idempotencyKey, EndUserCaller(endUserId), request) is not null && State.Satisfaction is { } stored) return stored;
        if (State.Status != ChatStatus.Ended) throw Refuse.Conflict(Rules.C1, "The chat can be rated once it has ended.");
        if (!State.SatisfactionAsked) throw Refuse.Conflict(Rules.C1, "This chat's queue does not ask for ratings.");
        // C3: one rating per chat.
        if (State.Satisfaction is not null) throw Refuse.Conflict(Rules.C3, "This chat has already been rated; a rating cannot be changed.");
        // C4: within the window after the end.
        var now = _clock.Now;
        if (State.EndedAt is not { } endedAt || now > endedAt + SatisfactionLimits.Window)
            throw Refuse.Conflict(Rules.C4, $"The chat can be rated for {SatisfactionLimits.Window.TotalHours:0} hours after it ended; that time is over.");
        // C2: the rating and comment themselves.
        if (rating is < SatisfactionLimits.MinRating or > SatisfactionLimits.MaxRating)
            throw Refuse.Invalid(Rules.C2, $"The rating must be a whole number from {SatisfactionLimits.MinRating} to {SatisfactionLimits.MaxRating}.");
        var text = string.IsNullOrWhiteSpace(comment) ? null : TextHygiene.Clean(comment);
        if (text is { Length: > SatisfactionLimits.MaxCommentLength })
            throw Refuse.Invalid(Rules.C2, $"The comment is {text.Length} characters long; at most {SatisfactionLimits.MaxCommentLength} are allowed.");
        if (text is { Length: 0 }) text = null;

        var result = new SatisfactionRating(rating, text, now);
        Changing();
        State.Satisfaction = result;
        State.SatisfactionCounted = false;
        Remember(idempotencyKey, EndUserCaller(endUserId), request);
        // Its agents see it arrive; the end user never sees this line (it has its own view of the rating).
        Append(Actor.EndUser(endUserId), EntryKind.SystemMessage, Visibility.Agents,
            $"{State.EndUser.DisplayName} rated the chat {rating} of {SatisfactionLimits.MaxRating}." + (text is null ? "" : $" Comment: {text}"));
        AfterCommit(ReportSatisfaction);
        await Commit();
        return result;
    }

    /// <summary>
    /// Called as the chat ends: records when, and whether its queue asks for a rating now (its
    /// switch at this moment decides). An end user who has gone is not asked.
    /// </summary>
    private async Task NoteEndForSatisfaction(EndReason reason)
    {
        State.EndedAt = _clock.Now;
        State.SatisfactionAsked = false;
        if (reason == EndReason.EndUserGone) return;
        try
        {
            State.SatisfactionAsked = (await GrainFactory.Queue(State.QueueId).GetInfo())?.Definition.AskSatisfaction == true;
        }
        catch (Exception error)
        {
            // Ending never fails for want of the queue's switch: the end user is simply not asked.
            _logger.LogWarning(error, "Chat {ChatId} could not read its queue's satisfaction switch", ChatId);
        }
    }

    /// <summary>
    /// C5: has the queue's figures count a stored rating. Run after the rating's commit and again
    /// when the chat activates, so a failed report is retried; the stats grain counts a chat once.
    /// </summary>
    private async Task ReportSatisfaction()
    {
        if (State.Satisfaction is not { } rating || State.SatisfactionCounted) return;
        try
        {
            await GrainFactory.SatisfactionStats(State.QueueId)
                .Record(ChatId, State.AssigneeId, State.AssigneeName, rating.Rating);
            State.SatisfactionCounted = true;
            await _chat.WriteStateAsync();
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Chat {ChatId} could not report its rating; retried when it activates", ChatId);
        }
    }

    /// <summary>When the end user may rate until, if it is asked at all.</summary>
    private DateTimeOffset? RateBefore() =>
        State.SatisfactionAsked && State.EndedAt is { } endedAt ? endedAt + SatisfactionLimits.Window : null;
}
