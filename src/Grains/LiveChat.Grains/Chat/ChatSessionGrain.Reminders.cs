namespace LiveChat.Grains.Chat;

using LiveChat.Grains.Common;

// R14 across restarts. While an invite is pending the chat holds one Orleans reminder, stored with the
// silo's reminders (beside the grain state), so an invite whose time passes while the silo is down or
// the chat is deactivated is still expired and pushed to its invitee and inviter without anyone
// reading the chat. The grain timer (ScheduleExpirySweep) keeps expiry punctual while the chat is
// active; the reminder is what guarantees it happens at all. The same reminder judges the chat's
// response-time clock (SLA8, ChatSessionGrain.Sla.cs): one reminder per chat for all its timed work.
public sealed partial class ChatSessionGrain
{
    private const string InviteExpiryReminder = "invite-expiry";
    // What this activation knows of the reminder: null until it looked, then whether it exists.
    private bool? _expiryReminderExists;

    /// <summary>
    /// Makes sure the reminder exists while an invite is pending; called before the commit that stores a
    /// pending invite, so a stored invite always has one (a reminder left without pending invites
    /// removes itself at its next tick). First due at the earliest expiry or after one reminder period,
    /// whichever is sooner, then every period: a missed tick (the silo was down) comes at most a period late.
    /// </summary>
    private async Task EnsureExpiryReminder()
    {
        var now = _clock.Now;
        var moments = State.Invites.Where(i => i.Status == InviteStatus.Pending).Select(i => i.ExpiresAt).ToList();
        if (SlaClockPending && State.SlaClock!.NextMoment(now) is { } slaMoment) moments.Add(slaMoment);
        if (moments.Count == 0) return;
        _expiryReminderExists ??= await this.GetReminder(InviteExpiryReminder) is not null;
        if (_expiryReminderExists == true) return;

        var period = _options.ReminderPeriod;
        var untilEarliest = moments.Min() - now;
        var dueTime = untilEarliest < TimeSpan.Zero ? TimeSpan.Zero : untilEarliest > period ? period : untilEarliest;
        await this.RegisterOrUpdateReminder(InviteExpiryReminder, dueTime, period);
        _expiryReminderExists = true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != InviteExpiryReminder)
        {
            // A reminder this build no longer uses: it would tick forever.
            await Unregister(reminderName);
            return;
        }

        if (State.Started) await ExpireDueInvites();
        // SLA8: a limit that passed while the chat slept is recorded; a flag is told again (a restarted queue lost it).
        await CheckSla(tellAgain: true);
        // A breached clock keeps the reminder too, so the queue's flag outlives a queue restart until an agent answers.
        if (State.Started && (State.Invites.Any(i => i.Status == InviteStatus.Pending) || (State.Status != ChatStatus.Ended && State.SlaClock is not null)))
        {
            _expiryReminderExists = true;
            // Woken by the reminder (after a restart or deactivation): punctual again from here on.
            ScheduleExpirySweep();
            return;
        }

        await Unregister(InviteExpiryReminder);
        _expiryReminderExists = false;
    }

    private async Task Unregister(string reminderName)
    {
        if (await this.GetReminder(reminderName) is { } reminder) await this.UnregisterReminder(reminder);
    }
}
