namespace LiveChat.Grains.Webhooks;

using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LiveChat.Grains.Common;
using Microsoft.Extensions.Options;

/// <summary>
/// One endpoint's outbox: stores what routers hand it (one write, nothing else, so a hand-off is quick)
/// and delivers from its own timer, one delivery at a time in event order (W6). A failed attempt is
/// retried after an exponentially growing wait until <see cref="WebhookOptions.RetryFor"/> has passed
/// since the event (W4). A reminder ("webhook-delivery") exists while deliveries wait, so they go on
/// after a restart or a deactivation. Reentrant, so an HTTP attempt in flight never holds up a
/// hand-off or a log read; state writes still go one at a time (<see cref="_writeGate"/>).
/// </summary>
[Reentrant]
public sealed class WebhookOutboxGrain(
    [PersistentState("webhook-outbox", StorageNames.LiveChat)] IPersistentState<WebhookOutboxState> outbox,
    IWebhookSender sender,
    LiveChatClock clock,
    IOptions<WebhookOptions> options,
    IOptions<LiveChatOptions> liveChatOptions,
    ILogger<WebhookOutboxGrain> logger)
    : Grain, IWebhookOutboxGrain, IRemindable
{
    private const string DeliveryReminder = "webhook-delivery";
    private readonly WebhookOptions _options = options.Value;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private bool _delivering;
    private bool? _reminderExists;
    private IGrainTimer? _timer;
    private WebhookOutboxState State => outbox.State;
    private string EndpointId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Pending.Count > 0) Schedule(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task Enqueue(IReadOnlyList<WebhookEvent> events)
    {
        if (State.Closed) return;
        var added = false;
        foreach (var e in events)
        {
            // W7: the event id here is the delivery id; one handed off twice is queued and delivered once.
            if (State.Pending.Any(p => p.DeliveryId == e.EventId) || State.Delivered.Contains(e.EventId)) continue;
            // E9: an erased chat's event that was still on its way is not stored at all.
            if (State.ErasedChats.Contains(e.ChatId)) continue;
            // Routers run in parallel, so a chat's later event may arrive first: it waits behind this one (W6).
            var before = State.Pending.FindIndex(p => p.ChatId == e.ChatId && p.Seq > e.Seq);
            State.Pending.Insert(before < 0 ? State.Pending.Count : before, new WebhookPending
            {
                DeliveryId = e.EventId, Type = e.Type, Payload = Body(e), OccurredAt = e.OccurredAt, NextAttemptAt = clock.Now,
                ChatId = e.ChatId, Seq = e.Seq,
            });
            added = true;
            // W5: full: the oldest waiting delivery makes room, said in the log, the silo log and a metric.
            while (State.Pending.Count > Math.Max(1, _options.MaxPending))
            {
                var oldest = State.Pending[0];
                State.Pending.RemoveAt(0);
                AddLog(oldest, WebhookOutcome.Dropped, null, $"The outbox was full ({_options.MaxPending} waiting); the oldest delivery was dropped.", 0);
                WebhookMetrics.Lost(WebhookOutcome.Dropped);
                logger.LogWarning("Webhook endpoint {EndpointId}: outbox full, delivery {DeliveryId} dropped", EndpointId, oldest.DeliveryId);
            }
        }
        if (!added) return;
        await Write();
        await EnsureReminder();
        if (!_delivering) Schedule(TimeSpan.Zero);
    }

    /// <summary>The body every attempt of this delivery sends, byte for byte: id, type, time, and the chat's data.</summary>
    private static string Body(WebhookEvent e)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", e.EventId);
            json.WriteString("type", WebhookEventNames.Of(e.Type));
            json.WriteString("occurredAt", e.OccurredAt);
            json.WritePropertyName("data");
            json.WriteRawValue(e.Payload);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public Task<WebhookLogPage> ReadLog(long before, int max)
    {
        max = Math.Clamp(max, 1, IWebhookRegistryGrain.MaxPage);
        var bound = before <= 0 ? long.MaxValue : before;
        var entries = State.Log.Where(e => e.Seq < bound).Reverse().Take(max).ToList();
        var oldestKept = State.Log.Count > 0 ? State.Log[0].Seq : 0;
        var next = entries.Count > 0 && entries[^1].Seq > oldestKept ? entries[^1].Seq : 0;
        return Task.FromResult(new WebhookLogPage(entries, next, State.Pending.Count));
    }

    public async Task Close()
    {
        State.Closed = true;
        State.Pending.Clear();
        await Write();
        _timer?.Dispose();
        await RemoveReminder();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeliveryReminder || State.Closed || State.Pending.Count == 0)
        {
            await RemoveReminder();
            return;
        }
        _reminderExists = true;
        if (!_delivering) Schedule(TimeSpan.Zero);
    }

    public async Task Withdraw(string chatId)
    {
        // E9: the payloads (names, texts, comments) leave the stored state; the log keeps only ids and outcomes.
        if (State.Closed) return;
        var withdrawn = State.Pending.Where(p => p.ChatId == chatId).ToList();
        if (withdrawn.Count == 0 && State.ErasedChats.Contains(chatId)) return;
        foreach (var delivery in withdrawn)
        {
            State.Pending.Remove(delivery);
            AddLog(delivery, WebhookOutcome.Dropped, null, "The chat was erased (E9); the delivery was withdrawn.", 0);
        }
        if (!State.ErasedChats.Contains(chatId)) State.ErasedChats.Add(chatId);
        if (State.ErasedChats.Count > _options.RememberDelivered) State.ErasedChats.RemoveRange(0, State.ErasedChats.Count - _options.RememberDelivered);
        await Write();
        if (withdrawn.Count > 0)
            logger.LogInformation("Webhook endpoint {EndpointId}: {Count} deliveries withdrawn, their chat was erased", EndpointId, withdrawn.Count);
    }

    /// <summary>One timer at a time, due when the head of the queue is.</summary>
    private void Schedule(TimeSpan due)
    {
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(Deliver, new GrainTimerCreationOptions
        {
            DueTime = due < TimeSpan.Zero ? TimeSpan.Zero : due,
            Period = Timeout.InfiniteTimeSpan,
            Interleave = true,
        });
    }

    /// <summary>W6: delivers in event order; a failing head waits its backoff and holds back those after it.</summary>
    private async Task Deliver(CancellationToken cancellationToken)
    {
        if (_delivering) return;
        _delivering = true;
        try
        {
            while (!State.Closed && State.Pending.Count > 0)
            {
                var head = State.Pending[0];
                var wait = head.NextAttemptAt - clock.Now;
                if (wait > TimeSpan.Zero)
                {
                    Schedule(wait);
                    return;
                }
                var target = await GrainFactory.WebhookTargets(IWebhookRegistryGrain.Key).GetTarget(EndpointId);
                if (target is null)
                {
                    await Close();
                    return;
                }
                await Attempt(head, target);
            }
            if (State.Pending.Count == 0) await RemoveReminder();
            // The grain is reentrant: an Enqueue may have run while the reminder was being removed.
            if (State.Pending.Count > 0) await EnsureReminder();
        }
        catch (Exception error)
        {
            // Storage or registry trouble: try again later; the reminder guarantees it happens.
            logger.LogWarning(error, "Webhook endpoint {EndpointId}: delivery round failed", EndpointId);
            Schedule(_options.FirstRetryDelay);
            return;
        }
        finally
        {
            _delivering = false;
        }
        // An Enqueue that ran after this round's last look at the queue saw a round in progress and
        // scheduled nothing: start another round for it now, not at the next reminder tick.
        if (!State.Closed && State.Pending.Count > 0) Schedule(TimeSpan.Zero);
    }

    private async Task Attempt(WebhookPending head, WebhookTarget target)
    {
        head.Attempts++;
        var timestamp = clock.Now.ToUnixTimeSeconds();
        var headers = new Dictionary<string, string>
        {
            [WebhookSignature.Header] = WebhookSignature.Sign(target.Secret, timestamp, head.Payload),
            [WebhookSignature.DeliveryHeader] = head.DeliveryId,
            [WebhookSignature.EventHeader] = WebhookEventNames.Of(head.Type),
            [WebhookSignature.AttemptHeader] = head.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var watch = Stopwatch.StartNew();
        WebhookSendResult result;
        using (var timeout = new CancellationTokenSource(_options.Timeout))
        {
            result = await sender.Send(new Uri(target.Url), head.Payload, headers, timeout.Token);
        }
        var took = watch.ElapsedMilliseconds;
        WebhookMetrics.Attempt(result.Succeeded);
        // The head may have been dropped (outbox full) while the attempt was in flight: removing it again is harmless.
        if (result.Succeeded)
        {
            State.Pending.Remove(head);
            State.Delivered.Add(head.DeliveryId);
            if (State.Delivered.Count > _options.RememberDelivered) State.Delivered.RemoveRange(0, State.Delivered.Count - _options.RememberDelivered);
            AddLog(head, WebhookOutcome.Delivered, result.StatusCode, null, took);
        }
        else if (clock.Now - head.OccurredAt >= _options.RetryFor)
        {
            State.Pending.Remove(head);
            AddLog(head, WebhookOutcome.GaveUp, result.StatusCode, Describe(result), took);
            WebhookMetrics.Lost(WebhookOutcome.GaveUp);
            logger.LogWarning("Webhook endpoint {EndpointId}: delivery {DeliveryId} given up after {Attempts} attempts", EndpointId, head.DeliveryId, head.Attempts);
        }
        else
        {
            head.NextAttemptAt = clock.Now + Backoff(head.Attempts);
            AddLog(head, WebhookOutcome.Failed, result.StatusCode, Describe(result), took);
        }
        await Write();
    }

    /// <summary>W4: FirstRetryDelay × 2^(attempt−1), at most MaxRetryDelay, with up to 20% jitter so endpoints that failed together do not retry together.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var delay = _options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        delay = Math.Min(delay, _options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (1 + Random.Shared.NextDouble() * 0.2));
    }

    private static string Describe(WebhookSendResult result) =>
        result.Error ?? $"The receiver answered {result.StatusCode}.";

    private void AddLog(WebhookPending delivery, WebhookOutcome outcome, int? statusCode, string? error, long durationMs)
    {
        State.Log.Add(new WebhookLogEntry(++State.LastLogSeq, clock.Now, delivery.DeliveryId, WebhookEventNames.Of(delivery.Type),
            delivery.Attempts, outcome, statusCode, error, durationMs));
        if (State.Log.Count > _options.LogSize) State.Log.RemoveRange(0, State.Log.Count - _options.LogSize);
    }

    /// <summary>One state write in flight: hand-offs and delivery rounds interleave (the grain is reentrant).</summary>
    private async Task Write()
    {
        await _writeGate.WaitAsync();
        try
        {
            await outbox.WriteStateAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task EnsureReminder()
    {
        _reminderExists ??= await this.GetReminder(DeliveryReminder) is not null;
        if (_reminderExists == true) return;
        var period = liveChatOptions.Value.ReminderPeriod;
        await this.RegisterOrUpdateReminder(DeliveryReminder, period, period);
        _reminderExists = true;
    }

    private async Task RemoveReminder()
    {
        if (_reminderExists == false) return;
        if (await this.GetReminder(DeliveryReminder) is { } reminder) await this.UnregisterReminder(reminder);
        _reminderExists = false;
    }
}
