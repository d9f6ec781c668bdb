namespace LiveChat.Grains.Retention;

using LiveChat.Grains.Common;
using Microsoft.Extensions.Options;

/// <summary>
/// A queue's retention (E1, E7): the policy, the index of its ended chats in pages in the order they
/// ended, and the sweep. A reminder ticks every <see cref="RetentionOptions.SweepPeriod"/> while the
/// index holds chats, so the sweep runs after a restart or a deactivation without anyone calling;
/// each tick erases at most <see cref="RetentionOptions.SweepBatch"/> chats, oldest first.
/// </summary>
public sealed class QueueRetentionGrain : Grain, IQueueRetentionGrain, IRemindable
{
    private const string SweepReminder = "retention-sweep";
    private const string SweepActor = "system:retention";
    private readonly IPersistentState<QueueRetentionState> _retention;
    private readonly LiveChatClock _clock;
    private readonly RetentionOptions _options;
    private readonly ILogger<QueueRetentionGrain> _logger;
    private bool _reminderRegistered;

    public QueueRetentionGrain(
        [PersistentState("retention", StorageNames.LiveChat)] IPersistentState<QueueRetentionState> retention,
        LiveChatClock clock,
        IOptions<LiveChatOptions> options,
        ILogger<QueueRetentionGrain> logger)
    {
        _retention = retention;
        _clock = clock;
        _options = options.Value.Retention;
        _logger = logger;
    }

    private QueueRetentionState State => _retention.State;
    private string QueueId => this.GetPrimaryKeyString();
    private int Days => State.Days ?? _options.DefaultDays;

    public async Task<RetentionPolicy> GetPolicy(string adminId)
    {
        await AdminCheck.Require(GrainFactory, adminId);
        await RequireQueue();
        return Policy();
    }

    public async Task<RetentionPolicy> SetPolicy(string adminId, int days)
    {
        await AdminCheck.Require(GrainFactory, adminId);
        if (days is < IQueueRetentionGrain.MinDays or > IQueueRetentionGrain.MaxDays)
            throw Refuse.Invalid(Rules.E1, $"Retention is {IQueueRetentionGrain.MinDays} to {IQueueRetentionGrain.MaxDays} days; there is no keeping chats forever.");
        await RequireQueue();
        var before = Days;
        State.Days = days;
        await _retention.WriteStateAsync();
        await AdminCheck.Audit(GrainFactory, _logger, adminId, $"queue:{QueueId}", "SetRetention", $"Retention {before} → {days} days.");
        return Policy();
    }

    private async Task RequireQueue()
    {
        Refuse.CheckId(Rules.E1, QueueId, "Queue id");
        if (await GrainFactory.Queue(QueueId).GetInfo() is null)
            throw Refuse.NotFound(Rules.E1, $"There is no support queue '{QueueId}'.");
    }

    private RetentionPolicy Policy() => new(QueueId, Days, State.Days is null, State.Pages.Count, State.Erased, State.LastSweepAt);

    public async Task ChatEnded(string chatId, DateTimeOffset endedAt)
    {
        try
        {
            if (State.Pages.Count == 0 || !await Page(State.Pages[^1]).Add(chatId, endedAt))
            {
                // The head names a page before the page is written: a crash between leaves an empty page the sweep drops.
                var pageId = State.NextPageId++;
                State.Pages.Add(pageId);
                await _retention.WriteStateAsync();
                await Page(pageId).Add(chatId, endedAt);
            }
            await EnsureReminder();
        }
        catch
        {
            // Back to what is stored; the chat's end fails with this and changes nothing.
            await _retention.ReadStateAsync();
            throw;
        }
    }

    public async Task<SweepResult> Sweep()
    {
        var now = _clock.Now;
        var cutoff = now - TimeSpan.FromDays(Days);
        var budget = Math.Max(1, _options.SweepBatch);
        var erased = new List<string>();
        var headChanged = false;
        var more = false;
        while (State.Pages.Count > 0)
        {
            var pageId = State.Pages[0];
            var entries = await Page(pageId).Read();
            var due = entries.Where(e => e.EndedAt <= cutoff).ToList();
            if (entries.Count > 0 && due.Count == 0) break;
            if (due.Count > budget)
            {
                due = due.Take(budget).ToList();
                more = true;
            }
            var done = new List<string>();
            var failed = false;
            foreach (var chat in due)
            {
                try
                {
                    await GrainFactory.Chat(chat.ChatId).Erase(ErasureReason.Retention);
                    erased.Add(chat.ChatId);
                    done.Add(chat.ChatId);
                }
                catch (RuleViolationException refusal) when (refusal.RuleId == Rules.E4)
                {
                    // Indexed before its end was stored, and the end never was: it tells the index again when it ends.
                    done.Add(chat.ChatId);
                }
                catch (Exception error)
                {
                    _logger.LogWarning(error, "Retention sweep of queue {QueueId} could not erase chat {ChatId}; the next tick retries", QueueId, chat.ChatId);
                    failed = true;
                    break;
                }
            }
            budget -= due.Count;
            var remaining = done.Count > 0 ? await Page(pageId).Remove(done) : entries.Count;
            if (remaining == 0)
            {
                State.Pages.RemoveAt(0);
                headChanged = true;
            }
            if (failed || budget <= 0 || remaining > 0) break;
        }

        if (erased.Count > 0 || headChanged)
        {
            State.Erased += erased.Count;
            State.LastSweepAt = now;
            await _retention.WriteStateAsync();
        }
        if (erased.Count > 0)
        {
            var shown = string.Join(", ", erased.Take(20)) + (erased.Count > 20 ? ", …" : "");
            await AdminCheck.Audit(GrainFactory, _logger, SweepActor, $"queue:{QueueId}", "RetentionErase",
                $"Erased {erased.Count} chats ended before {cutoff:u} ({Days} days): {shown}.");
        }
        if (State.Pages.Count == 0) await StopReminder();
        return new SweepResult(erased.Count, more);
    }

    private async Task EnsureReminder()
    {
        if (_reminderRegistered) return;
        await this.RegisterOrUpdateReminder(SweepReminder, _options.SweepPeriod, _options.SweepPeriod);
        _reminderRegistered = true;
    }

    private async Task StopReminder()
    {
        if (await this.GetReminder(SweepReminder) is { } reminder) await this.UnregisterReminder(reminder);
        _reminderRegistered = false;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != SweepReminder)
        {
            if (await this.GetReminder(reminderName) is { } stray) await this.UnregisterReminder(stray);
            return;
        }
        _reminderRegistered = true;
        await Sweep();
    }

    private IRetentionIndexPageGrain Page(int pageId) => GrainFactory.RetentionIndexPage($"{QueueId}/{pageId}");
}
