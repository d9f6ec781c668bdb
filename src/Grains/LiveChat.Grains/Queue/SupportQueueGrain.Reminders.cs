namespace LiveChat.Grains.Queue;

// Abandoned waiting chats across restarts. While chats wait, the queue holds one Orleans reminder, so
// after a restart (or a deactivation) the queue wakes up by itself and asks its long-waiting chats
// whether their end user has gone, without anyone calling it. The grain timer (ScheduleGoneCheck)
// does the checking while the queue is active; the reminder guarantees the queue is active.
public sealed partial class SupportQueueGrain : IRemindable
{
    private const string GoneCheckReminder = "gone-check";
    private bool _goneCheckReminderRegistered;

    /// <summary>Registers the reminder once per activation while chats wait (one reminder-table write).</summary>
    private async Task EnsureGoneCheckReminder()
    {
        if (_goneCheckReminderRegistered || State.Waiting.Count == 0) return;
        try
        {
            await this.RegisterOrUpdateReminder(GoneCheckReminder, _options.ReminderPeriod, _options.ReminderPeriod);
            _goneCheckReminderRegistered = true;
        }
        catch (Exception error)
        {
            // The waiting chat is stored and the timer runs; the next chat that waits tries again.
            _logger.LogWarning(error, "Queue {QueueId} could not register its gone-check reminder", QueueId);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == GoneCheckReminder && State.Waiting.Count > 0)
        {
            _goneCheckReminderRegistered = true;
            ScheduleGoneCheck();
            await CheckGoneEndUsers(CancellationToken.None);
            return;
        }

        // Nothing waits (or a reminder this build no longer uses): no more ticks until a chat waits again.
        if (await this.GetReminder(reminderName) is { } reminder) await this.UnregisterReminder(reminder);
        if (reminderName == GoneCheckReminder) _goneCheckReminderRegistered = false;
    }
}
