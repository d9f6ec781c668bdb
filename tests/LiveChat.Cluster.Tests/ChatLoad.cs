namespace LiveChat.Cluster.Tests;

using System.Collections.Concurrent;
using System.Diagnostics;

/// <summary>
/// Many active chats, one writer each posting end-user and agent messages in turn for as long as it
/// runs. Every acknowledged post (the call returned its transcript entry) is recorded with its
/// sequence number. Each post carries an idempotency key: a failed post (its silo died with the call,
/// or its answer was lost) is recorded and tried again with the same text and key, as the consoles
/// do, until acknowledged. Afterwards <see cref="VerifyAsync"/> reads every transcript back and checks
/// nothing acknowledged is missing and no post is stored twice.
/// </summary>
public sealed class ChatLoad : IAsyncDisposable
{
    private static readonly string[] Agents = ["alice", "bob", "carol"];
    /// <summary>Between two posts of one writer: keeps three silos, Redis and the client within two shared cores.</summary>
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(20);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _writers = [];
    private readonly ConcurrentQueue<Ack> _acks = new();
    private readonly ConcurrentQueue<Failure> _failures = new();
    private readonly ConcurrentQueue<string> _mismatches = new();
    private int _retries;

    public sealed record Chat(string Id, string EndUserId, string AgentId);
    /// <summary>A post the cluster acknowledged: started at <paramref name="Started"/>, answered at <paramref name="At"/> (load clock).</summary>
    public sealed record Ack(string ChatId, long Seq, string Text, TimeSpan Started, TimeSpan At);
    public sealed record Failure(string ChatId, TimeSpan At, string Error);

    private ChatLoad(IReadOnlyList<Chat> chats) => Chats = chats;

    public IReadOnlyList<Chat> Chats { get; }
    public TimeSpan Now => _clock.Elapsed;
    public int AckCount => _acks.Count;
    public IReadOnlyCollection<Failure> Failures => _failures.ToArray();

    /// <summary>Starts <paramref name="count"/> billing chats, accepted in turn by alice, bob and carol.</summary>
    public static async Task<ChatLoad> StartChatsAsync(IClusterClient client, int count)
    {
        foreach (var agent in Agents) await client.Agent(agent).SetPresence(Presence.Online);
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var chats = Enumerable.Range(1, count)
            .Select(i => new Chat($"cluster-{prefix}-{i}", $"user-{prefix}-{i}", Agents[i % Agents.Length])).ToList();
        await Task.WhenAll(chats.Select(async chat =>
        {
            var grain = client.Chat(chat.Id);
            await grain.Start(new StartChatRequest("billing", new EndUserInfo(chat.EndUserId, "Pat"), $"hello from {chat.Id}"));
            var accepted = await grain.Accept(chat.AgentId);
            if (accepted.Status != ChatStatus.Active) throw new InvalidOperationException($"{chat.Id} is {accepted.Status} after Accept.");
        }));
        return new ChatLoad(chats);
    }

    public void StartWriters(IClusterClient client)
    {
        foreach (var chat in Chats) _writers.Add(Task.Run(() => WriteAsync(client, chat)));
    }

    private async Task WriteAsync(IClusterClient client, Chat chat)
    {
        var grain = client.Chat(chat.Id);
        for (var n = 1; !_stop.IsCancellationRequested; n++)
        {
            var byAgent = n % 2 == 0;
            var text = $"{chat.Id} message {n} by {(byAgent ? chat.AgentId : chat.EndUserId)}";
            var key = $"{chat.Id}.{n}";
            var started = _clock.Elapsed;
            TranscriptEntry? entry = null;
            for (var attempt = 1; entry is null; attempt++)
            {
                try
                {
                    entry = byAgent ? await grain.PostAgentMessage(chat.AgentId, text, key) : await grain.PostEndUserMessage(chat.EndUserId, text, key);
                }
                catch (Exception error)
                {
                    _failures.Enqueue(new Failure(chat.Id, _clock.Elapsed, $"{error.GetType().Name}: {error.Message}"));
                    // Told to stop: a few more tries, then the post is left unacknowledged (stored at most once).
                    if (_stop.IsCancellationRequested && attempt >= 3) break;
                    // Back off before the retry while the cluster recovers; the same key stores it once.
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200 * attempt, 1000)));
                    Interlocked.Increment(ref _retries);
                }
            }
            if (entry is null) break;
            if (entry.Text != text) _mismatches.Enqueue($"{chat.Id}: posted '{text}', the chat answered seq {entry.Seq} '{entry.Text}'");
            _acks.Enqueue(new Ack(chat.Id, entry.Seq, text, started, _clock.Elapsed));
            await Task.Delay(Pace);
        }
    }

    /// <summary>Polls until <paramref name="total"/> posts were acknowledged in all.</summary>
    public Task WaitForAcksAsync(int total, TimeSpan timeout) =>
        Wait.UntilAsync(() => Task.FromResult(_acks.Count >= total || _writers.All(w => w.IsCompleted)), timeout,
            () => $"{_acks.Count} of {total} posts acknowledged; failures: {string.Join("\n", _failures.Take(10))}");

    /// <summary>
    /// Polls until every chat has acknowledged a post started at or after <paramref name="since"/>, or
    /// <paramref name="within"/> has passed since then; returns each chat's time from <paramref name="since"/>
    /// to that acknowledgement (null: none yet).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, TimeSpan?>> WaitEveryChatAcceptsAsync(TimeSpan since, TimeSpan within)
    {
        IReadOnlyDictionary<string, TimeSpan?> Latencies()
        {
            var acks = _acks.ToArray();
            return Chats.ToDictionary(c => c.Id, c => acks.Where(a => a.ChatId == c.Id && a.Started >= since)
                .Select(a => (TimeSpan?)(a.At - since)).Min());
        }
        while (Latencies().Values.Any(l => l is null) && _clock.Elapsed < since + within + TimeSpan.FromSeconds(5))
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        return Latencies();
    }

    /// <summary>Stops the writers and waits for their last calls (answered, failed or timed out).</summary>
    public async Task StopAsync()
    {
        _stop.Cancel();
        var all = Task.WhenAll(_writers);
        await Task.WhenAny(all, Task.Delay(SiloClient.DefaultResponseTimeout + TimeSpan.FromSeconds(20)));
        if (!all.IsCompleted) throw new TimeoutException("The writers did not stop within the response timeout after they were told to.");
        await all;
    }

    /// <summary>
    /// Reads every transcript back: sequence numbers exactly 1..LastSeq, and every acknowledged post at
    /// the sequence number it was given with its text. Returns the problems found (none: empty).
    /// </summary>
    public async Task<IReadOnlyList<string>> VerifyAsync(IClusterClient client)
    {
        var problems = new List<string>(_mismatches);
        var acks = _acks.ToLookup(a => a.ChatId);
        foreach (var chat in Chats)
        {
            var grain = client.Chat(chat.Id);
            var (entries, lastSeq) = await Transcripts.ReadAllAsync(grain, chat.AgentId);
            if (Transcripts.SequenceProblem(entries, lastSeq) is { } problem) problems.Add($"{chat.Id}: {problem}");
            var bySeq = entries.GroupBy(e => e.Seq).ToDictionary(g => g.Key, g => g.First());
            // Exactly once: a retried post is stored by its first attempt or its retry, never both.
            foreach (var twice in entries.Where(e => e.Text.StartsWith($"{chat.Id} message ", StringComparison.Ordinal)).GroupBy(e => e.Text).Where(g => g.Count() > 1))
                problems.Add($"{chat.Id}: '{twice.Key}' is stored {twice.Count()} times (seqs {string.Join(", ", twice.Select(e => e.Seq))})");
            foreach (var ack in acks[chat.Id])
            {
                if (!bySeq.TryGetValue(ack.Seq, out var stored)) problems.Add($"{chat.Id}: acknowledged seq {ack.Seq} '{ack.Text}' is missing (LastSeq {lastSeq})");
                else if (stored.Text != ack.Text) problems.Add($"{chat.Id}: seq {ack.Seq} holds '{stored.Text}', acknowledged '{ack.Text}'");
            }
            var snapshot = await grain.GetSnapshot(chat.AgentId);
            if (snapshot.Status != ChatStatus.Active || snapshot.AssigneeId != chat.AgentId)
                problems.Add($"{chat.Id}: {snapshot.Status}, assigned to {snapshot.AssigneeId} (expected Active, {chat.AgentId})");
        }
        return problems;
    }

    public string Summary() =>
        $"{_acks.Count} posts acknowledged in {Chats.Count} chats, {_retries} retries, {_failures.Count} failed attempts: " +
        string.Join(", ", _failures.GroupBy(f => f.Error.Split(':')[0]).Select(g => $"{g.Count()} {g.Key}"));

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            try
            {
                await StopAsync();
            }
            catch (Exception)
            {
                // Disposal after a failed test: the writers are abandoned.
            }
        }
        _stop.Dispose();
    }
}
