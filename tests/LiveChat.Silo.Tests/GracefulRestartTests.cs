namespace LiveChat.Silo.Tests;

using System.Diagnostics;
using Xunit.Abstractions;

/// <summary>A silo stopped with SIGTERM shuts down cleanly, and the next start finds everything as it was.</summary>
public sealed class GracefulRestartTests(ITestOutputHelper output) : IDisposable
{
    private const string Assignee = "alice";
    private const string Invitee = "bob";
    private const int Messages = 20;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDataFolder _data = new();

    [Fact]
    public async Task Chats_messages_invites_and_the_queue_survive_a_SIGTERM_restart()
    {
        var total = Stopwatch.StartNew();
        var settings = SiloSettings.Create(_data.Path);
        var activeChat = $"graceful-{Guid.NewGuid():N}";
        var waitingChat = $"graceful-waiting-{Guid.NewGuid():N}";
        var sent = new List<TranscriptEntry>();
        Invite invite;
        long lastSeq;

        await using var first = SiloProcess.Start(settings, "silo#1 (stopped)");
        await using (var client = await first.WaitReadyAsync(StartTimeout))
        {
            output.WriteLine($"silo#1 ready after {total.Elapsed.TotalSeconds:F1} s");
            await client.Agent(Assignee).SetPresence(Presence.Online);
            await client.Agent(Invitee).SetPresence(Presence.Online);
            var chat = client.Chat(activeChat);
            await chat.Start(new StartChatRequest("billing", new EndUserInfo("u1", "Pat"), "Hello, my invoice is wrong."));
            await chat.Accept(Assignee);
            for (var i = 1; i <= Messages; i++)
            {
                sent.Add(await chat.PostEndUserMessage("u1", $"end user message {i}"));
                sent.Add(await chat.PostAgentMessage(Assignee, $"agent answer {i}"));
            }
            invite = await chat.Invite(Assignee, Invitee, JoinMode.Monitor);
            lastSeq = (await chat.GetSnapshot(Assignee)).LastSeq;

            // A second chat stays in the billing queue (manual assignment). The queue hears of it one-way.
            await client.Chat(waitingChat).Start(new StartChatRequest("billing", new EndUserInfo("u2", "Sam"), null));
            await Wait.UntilAsync(
                async () => (await client.Queue("billing").GetWaitingChats()).Any(w => w.ChatId == waitingChat),
                TimeSpan.FromSeconds(10), () => $"billing never listed {waitingChat} as waiting\n{first.Describe()}");
        }

        var stopping = Stopwatch.StartNew();
        var exitCode = await first.StopAsync(StopTimeout);
        output.WriteLine($"silo#1 stopped by SIGTERM in {stopping.Elapsed.TotalSeconds:F1} s, exit code {exitCode}");
        Assert.True(exitCode == 0, $"A SIGTERM stop should exit cleanly (0), not {exitCode}.\n{first.Describe()}");

        await using var second = SiloProcess.Start(settings.WithFreshPorts(), "silo#2 (restarted)");
        await using var restarted = await second.WaitReadyAsync(StartTimeout);
        output.WriteLine($"silo#2 ready after {total.Elapsed.TotalSeconds:F1} s in all");
        string Context(string problem) => $"{problem}\n{first.Describe()}\n{second.Describe()}";

        // The pending invite, read first through the invitee's list: that list checks it against the
        // chat, so the chat activates from a call of the invitee while it re-delivers its invites to it.
        Assert.Contains(await restarted.Agent(Invitee).GetInvites(), i => i.InviteId == invite.InviteId && i.Status == InviteStatus.Pending);
        var chatInvite = Assert.Single(await restarted.Chat(activeChat).GetInvites(Assignee), i => i.InviteId == invite.InviteId);
        Assert.Equal(InviteStatus.Pending, chatInvite.Status);
        Assert.Equal(JoinMode.Monitor, chatInvite.Mode);

        // The active chat: same state, same transcript.
        var snapshot = await restarted.Chat(activeChat).GetSnapshot(Assignee);
        Assert.Equal(ChatStatus.Active, snapshot.Status);
        Assert.Equal(Assignee, snapshot.AssigneeId);
        Assert.Equal(lastSeq, snapshot.LastSeq);
        var (entries, readLastSeq) = await Transcripts.ReadAllAsync(restarted.Chat(activeChat), Assignee);
        Assert.Equal(lastSeq, readLastSeq);
        Assert.True(Transcripts.SequenceProblem(entries, readLastSeq) is null, Context(Transcripts.SequenceProblem(entries, readLastSeq)!));
        Assert.Equal("Hello, my invoice is wrong.", entries.Single(e => e.Seq == 2).Text);
        foreach (var message in sent)
        {
            var stored = entries.Single(e => e.Seq == message.Seq);
            Assert.Equal(message.Text, stored.Text);
            Assert.Equal(message.Actor, stored.Actor);
        }

        // The agents and the queue.
        var alice = await restarted.Agent(Assignee).GetSnapshot();
        Assert.Equal(Presence.Online, alice.Presence);
        Assert.Contains(activeChat, alice.AssignedChats);
        Assert.Equal(Presence.Online, (await restarted.Agent(Invitee).GetSnapshot()).Presence);
        Assert.Contains(await restarted.Queue("billing").GetWaitingChats(), w => w.ChatId == waitingChat);

        // The waiting chat is still waiting, and can still be taken.
        var accepted = await restarted.Chat(waitingChat).Accept(Assignee);
        Assert.Equal(ChatStatus.Active, accepted.Status);

        // And the conversation goes on where it stopped.
        // (The end user numbers its entries apart: its next one follows its own last, with no gap.)
        var endUserLast = (await restarted.Chat(activeChat).GetEndUserView("u1")).LastSeq;
        var next = await restarted.Chat(activeChat).PostEndUserMessage("u1", "after the restart");
        Assert.Equal(endUserLast + 1, next.Seq);
        Assert.Equal(lastSeq + 1, (await restarted.Chat(activeChat).GetSnapshot(Assignee)).LastSeq);
        var answer = await restarted.Chat(activeChat).RespondToInvite(Invitee, invite.InviteId, InviteAnswer.Monitor);
        Assert.Equal(InviteStatus.Accepted, answer.Status);
        // Neither the clean stop nor the restart logged an error.
        foreach (var silo in new[] { first, second })
            Assert.True(silo.ErrorLines.Count == 0, Context($"{silo.Name} logged errors:\n{string.Join("\n", silo.ErrorLines)}"));
        output.WriteLine($"total {total.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(first.Describe());
        output.WriteLine(second.Describe());
    }

    public void Dispose() => _data.Dispose();
}
