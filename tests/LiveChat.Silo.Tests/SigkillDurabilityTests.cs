namespace LiveChat.Silo.Tests;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

/// <summary>
/// A silo killed with SIGKILL in the middle of a write load loses nothing it acknowledged: every
/// message whose call returned is in its chat at the sequence number it was given, transcripts stay
/// gap-free, and chats, invites and agents come back on the next start.
/// </summary>
public sealed class SigkillDurabilityTests(ITestOutputHelper output) : IDisposable
{
    private const int ChatCount = 4;
    private const int WritersPerChat = 3;
    /// <summary>The kill comes once this many messages were acknowledged: several transcript pages per chat.</summary>
    private const int AcknowledgedBeforeKill = 1000;
    private const string Assignee = "alice";
    private const string Invitee = "bob";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(45);
    /// <summary>Calls in flight at the kill get no answer; they fail on the client's response timeout.</summary>
    private static readonly TimeSpan WritersStopTimeout = SiloClient.DefaultResponseTimeout + TimeSpan.FromSeconds(20);

    private readonly TempDataFolder _data = new();

    private sealed record Chat(string Id, string EndUserId);

    /// <summary>A message whose PostEndUserMessage call returned: the silo said it is stored at the end user's <paramref name="Seq"/>.</summary>
    private sealed record Acknowledged(string ChatId, long Seq, string Text);

    [Fact]
    public async Task Acknowledged_messages_chats_and_invites_survive_SIGKILL_under_concurrent_writes()
    {
        var total = Stopwatch.StartNew();
        var settings = SiloSettings.Create(_data.Path);
        var chats = Enumerable.Range(1, ChatCount).Select(i => new Chat($"kill-{i}-{Guid.NewGuid():N}", $"user-{i}")).ToList();
        var acknowledged = new ConcurrentQueue<Acknowledged>();
        var attempted = new ConcurrentDictionary<string, string>(); // text -> chat id
        var failedBeforeKill = new ConcurrentQueue<string>();
        var failedAfterKill = new ConcurrentQueue<Exception>();
        Invite invite;
        int acknowledgedAtKill;

        // Phase 1: a silo with active chats, a pending invite, and writers until it is killed -----------
        await using var first = SiloProcess.Start(settings, "silo#1 (killed)");
        await using (var client = await first.WaitReadyAsync(StartTimeout))
        {
            output.WriteLine($"silo#1 ready after {total.Elapsed.TotalSeconds:F1} s");
            await client.Agent(Assignee).SetPresence(Presence.Online);
            await client.Agent(Invitee).SetPresence(Presence.Online);
            foreach (var chat in chats)
            {
                await client.Chat(chat.Id).Start(new StartChatRequest("billing", new EndUserInfo(chat.EndUserId, "Pat"), null));
                var accepted = await client.Chat(chat.Id).Accept(Assignee);
                Assert.Equal(ChatStatus.Active, accepted.Status);
            }
            invite = await client.Chat(chats[0].Id).Invite(Assignee, Invitee, JoinMode.Participant);
            Assert.Contains(await client.Agent(Invitee).GetInvites(), i => i.InviteId == invite.InviteId);

            var killed = 0;
            var acknowledgedCount = 0;
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var stop = new CancellationTokenSource();
            var writers = chats
                .SelectMany(chat => Enumerable.Range(1, WritersPerChat).Select(w => (chat, writer: w)))
                .Select(x => Task.Run(async () =>
                {
                    var chat = client.Chat(x.chat.Id);
                    for (var n = 1; !stop.IsCancellationRequested; n++)
                    {
                        var text = $"{x.chat.Id} writer {x.writer} message {n}";
                        attempted[text] = x.chat.Id;
                        try
                        {
                            var entry = await chat.PostEndUserMessage(x.chat.EndUserId, text);
                            acknowledged.Enqueue(new Acknowledged(x.chat.Id, entry.Seq, entry.Text));
                            if (Interlocked.Increment(ref acknowledgedCount) >= AcknowledgedBeforeKill) enough.TrySetResult();
                        }
                        catch (Exception error)
                        {
                            // Once the silo is gone every call fails: that writer is done.
                            if (Volatile.Read(ref killed) == 0) failedBeforeKill.Enqueue($"{text}: {error.GetType().Name}: {error.Message}");
                            else failedAfterKill.Enqueue(error);
                            return;
                        }
                    }
                }))
                .ToList();

            var load = Stopwatch.StartNew();
            await Task.WhenAny(enough.Task, Task.WhenAll(writers), Task.Delay(LoadTimeout));
            if (!enough.Task.IsCompleted)
            {
                stop.Cancel();
                Assert.Fail($"Only {Volatile.Read(ref acknowledgedCount)} messages were acknowledged within {LoadTimeout} " +
                    $"(expected {AcknowledgedBeforeKill}). Failures: {string.Join("\n", failedBeforeKill.Take(10))}\n{first.Describe()}");
            }

            // Phase 2: SIGKILL while the writers are mid-call --------------------------------------------
            Volatile.Write(ref killed, 1);
            acknowledgedAtKill = Volatile.Read(ref acknowledgedCount);
            await first.KillAsync();
            output.WriteLine($"{acknowledgedAtKill} messages acknowledged in {load.Elapsed.TotalSeconds:F1} s, then SIGKILL " +
                $"(silo#1 exit code {first.ExitCode})");
            stop.Cancel();
            var writersDone = Task.WhenAll(writers);
            await Task.WhenAny(writersDone, Task.Delay(WritersStopTimeout));
            Assert.True(writersDone.IsCompleted, $"The writers did not stop within {WritersStopTimeout} of the kill.");
        }
        Assert.True(failedBeforeKill.IsEmpty,
            $"{failedBeforeKill.Count} calls failed before the silo was killed:\n{string.Join("\n", failedBeforeKill.Take(20))}\n{first.Describe()}");
        output.WriteLine($"after the kill: {acknowledged.Count} acknowledged in all, {failedAfterKill.Count} writers failed: " +
            string.Join(", ", failedAfterKill.GroupBy(e => e.GetType().Name).Select(g => $"{g.Count()} {g.Key}")));

        // Phase 3: restart on the same data folder and check everything -------------------------------
        var restart = Stopwatch.StartNew();
        await using var second = SiloProcess.Start(settings.WithFreshPorts(), "silo#2 (restarted)");
        await using var restarted = await second.WaitReadyAsync(StartTimeout);
        output.WriteLine($"silo#2 ready after {restart.Elapsed.TotalSeconds:F1} s");
        string Context(string problem) => $"{problem}\n{first.Describe()}\n{second.Describe()}";

        // The pending invite is still pending, in the invitee's Invites list and in the chat. The list is
        // read first: it checks the invite against the chat, which activates from that call.
        var bobsInvites = await restarted.Agent(Invitee).GetInvites();
        Assert.True(bobsInvites.Any(i => i.InviteId == invite.InviteId && i.Status == InviteStatus.Pending),
            Context($"{Invitee}'s Invites list lost invite {invite.InviteId}: [{string.Join(", ", bobsInvites.Select(i => i.InviteId))}]"));
        var chatInvites = await restarted.Chat(chats[0].Id).GetInvites(Assignee);
        var stored = Assert.Single(chatInvites, i => i.InviteId == invite.InviteId);
        Assert.Equal(InviteStatus.Pending, stored.Status);
        Assert.Equal(Invitee, stored.InviteeId);
        Assert.Equal(JoinMode.Participant, stored.Mode);

        var problems = new List<string>();
        var storedUnacknowledged = 0;
        var lastSeqs = new Dictionary<string, long>();
        var acknowledgedByChat = acknowledged.ToLookup(a => a.ChatId);
        foreach (var chat in chats)
        {
            var grain = restarted.Chat(chat.Id);
            var snapshot = await grain.GetSnapshot(Assignee);
            if (snapshot.Status != ChatStatus.Active || snapshot.AssigneeId != Assignee || snapshot.EndUser.EndUserId != chat.EndUserId)
                problems.Add($"{chat.Id}: came back {snapshot.Status}, assignee {snapshot.AssigneeId}, end user {snapshot.EndUser.EndUserId}");

            var (entries, lastSeq) = await Transcripts.ReadAllAsync(grain, Assignee);
            lastSeqs[chat.Id] = lastSeq;
            if (lastSeq != snapshot.LastSeq) problems.Add($"{chat.Id}: transcript LastSeq {lastSeq} but snapshot LastSeq {snapshot.LastSeq}");
            if (Transcripts.SequenceProblem(entries, lastSeq) is { } gap) problems.Add($"{chat.Id}: sequence numbers not 1..{lastSeq}: {gap}");

            // The end user's acknowledgement names its own (public) sequence number, which the
            // agent's view of the same entry carries as PublicSeq.
            var bySeq = entries.Where(e => e.PublicSeq is not null).GroupBy(e => e.PublicSeq!.Value).ToDictionary(g => g.Key, g => g.First());
            var mine = acknowledgedByChat[chat.Id].ToList();
            foreach (var ack in mine)
            {
                if (!bySeq.TryGetValue(ack.Seq, out var entry))
                    problems.Add($"{chat.Id}: acknowledged seq {ack.Seq} ('{ack.Text}') is missing (LastSeq {lastSeq})");
                else if (entry.Text != ack.Text || entry.Kind != EntryKind.Message || entry.Actor != Actor.EndUser(chat.EndUserId))
                    problems.Add($"{chat.Id}: acknowledged seq {ack.Seq} was '{ack.Text}' but is now {entry.Kind} by {entry.Actor.Id}: '{entry.Text}'");
            }

            // Nothing stored that no one sent, and nothing stored twice.
            var messages = entries.Where(e => e.Kind == EntryKind.Message).ToList();
            foreach (var message in messages)
            {
                if (!attempted.TryGetValue(message.Text, out var sentTo) || sentTo != chat.Id)
                    problems.Add($"{chat.Id}: seq {message.Seq} holds a message no writer sent to it: '{message.Text}'");
            }
            foreach (var twice in messages.GroupBy(m => m.Text).Where(g => g.Count() > 1))
                problems.Add($"{chat.Id}: '{twice.Key}' is stored {twice.Count()} times (seqs {string.Join(", ", twice.Select(m => m.Seq))})");
            var acknowledgedTexts = mine.Select(a => a.Text).ToHashSet();
            storedUnacknowledged += messages.Count(m => !acknowledgedTexts.Contains(m.Text));
            output.WriteLine($"{chat.Id}: {mine.Count} acknowledged, LastSeq {lastSeq}, {messages.Count} messages stored");
        }
        Assert.True(problems.Count == 0, Context($"{problems.Count} durability problems after SIGKILL and restart:\n" +
            string.Join("\n", problems.Take(50))));
        output.WriteLine($"{storedUnacknowledged} messages were stored whose acknowledgement the kill cut off (allowed)");

        // The assignee still owns every chat and is still online.
        var alice = await restarted.Agent(Assignee).GetSnapshot();
        Assert.Equal(Presence.Online, alice.Presence);
        foreach (var chat in chats) Assert.Contains(chat.Id, alice.AssignedChats);

        // Every chat activates and takes new messages right after the last stored one.
        foreach (var chat in chats)
        {
            // The end user numbers its own entries: its next one follows its last, and the chat's follows the chat's last.
            var endUserLast = (await restarted.Chat(chat.Id).GetEndUserView(chat.EndUserId)).LastSeq;
            var entry = await restarted.Chat(chat.Id).PostEndUserMessage(chat.EndUserId, "still here after the crash");
            Assert.True(entry.Seq == endUserLast + 1,
                Context($"{chat.Id}: the first message after restart got the end user's seq {entry.Seq}, expected {endUserLast + 1}"));
            var chatLast = (await restarted.Chat(chat.Id).GetSnapshot(Assignee)).LastSeq;
            Assert.True(chatLast == lastSeqs[chat.Id] + 1,
                Context($"{chat.Id}: the first message after restart made the chat's seq {chatLast}, expected {lastSeqs[chat.Id] + 1}"));
            var (entries, lastSeq) = await Transcripts.ReadAllAsync(restarted.Chat(chat.Id), Assignee);
            Assert.Equal(chatLast, lastSeq);
            Assert.Null(Transcripts.SequenceProblem(entries, lastSeq));
            Assert.Equal(entry.Seq, entries[^1].PublicSeq);
            Assert.Equal("still here after the crash", entries[^1].Text);
        }
        // The restarted silo recovered without logging a single error (activation or storage failures).
        Assert.True(second.ErrorLines.Count == 0, Context($"{second.Name} logged errors:\n{string.Join("\n", second.ErrorLines)}"));
        output.WriteLine($"total {total.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(first.Describe());
        output.WriteLine(second.Describe());
    }

    public void Dispose() => _data.Dispose();
}
