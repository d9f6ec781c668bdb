namespace LiveChat.Silo.Tests;

using System.Diagnostics;
using LiveChat.Events;
using Xunit.Abstractions;

/// <summary>
/// R14 across a crash, on the real silo process and its SQLite reminder table: an invite is sent
/// with a short expiry, the silo is killed with SIGKILL before it expires, and a new silo on the
/// same data folder expires it by itself. The test only listens to the invitee's and the inviter's
/// agent grains (subscribing reads nothing of the chat): the chat's invite-expiry reminder is what
/// wakes the chat, which then tells both.
/// </summary>
public sealed class ReminderRestartTests(ITestOutputHelper output) : IDisposable
{
    private const string Inviter = "alice";
    private const string Invitee = "bob";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    // Long enough for the kill and the restart under a loaded machine, short enough for a test.
    private static readonly TimeSpan InviteExpiry = TimeSpan.FromSeconds(75);
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(5);

    private readonly TempDataFolder _data = new();

    [Fact]
    public async Task R14_an_invite_pending_when_the_silo_is_killed_expires_after_the_restart_and_both_agents_are_told()
    {
        var total = Stopwatch.StartNew();
        var settings = SiloSettings.Create(_data.Path);
        var environment = new Dictionary<string, string>
        {
            ["LiveChat__InviteExpiry"] = InviteExpiry.ToString("c"),
            ["LiveChat__ReminderPeriod"] = ReminderPeriod.ToString("c"),
        };
        var chatId = $"reminder-{Guid.NewGuid():N}";
        Invite invite;

        await using var first = SiloProcess.Start(settings, "silo#1 (killed)", environment);
        await using (var client = await first.WaitReadyAsync(StartTimeout))
        {
            await client.Agent(Inviter).SetPresence(Presence.Online);
            await client.Agent(Invitee).SetPresence(Presence.Online);
            var chat = client.Chat(chatId);
            await chat.Start(new StartChatRequest("billing", new EndUserInfo("u1", "Pat"), "Hello"));
            await chat.Accept(Inviter);
            invite = await chat.Invite(Inviter, Invitee, JoinMode.Monitor);
        }
        await first.KillAsync();
        output.WriteLine($"silo#1 killed {total.Elapsed.TotalSeconds:F1} s in; the invite expires at {invite.ExpiresAt:O}");

        await using var second = SiloProcess.Start(settings.WithFreshPorts(), "silo#2 (restarted)", environment);
        await using var restarted = await second.WaitReadyAsync(StartTimeout);
        var inviteeTold = new AgentEvents(Invitee, AgentEventKind.InviteClosed, invite.InviteId);
        var inviterTold = new AgentEvents(Inviter, AgentEventKind.SentInviteExpired, invite.InviteId);
        var references = new List<IAgentObserver>();
        foreach (var listener in new[] { inviteeTold, inviterTold })
        {
            var reference = restarted.Cluster.CreateObjectReference<IAgentObserver>(listener);
            references.Add(reference);
            await restarted.Agent(listener.AgentId).Subscribe(reference);
        }
        var subscribedAt = DateTimeOffset.UtcNow;
        Assert.True(subscribedAt < invite.ExpiresAt,
            $"silo#2 was ready only at {subscribedAt:O}, after the invite expired ({invite.ExpiresAt:O}): the test cannot listen in time.\n{second.Describe()}");
        output.WriteLine($"listening {total.Elapsed.TotalSeconds:F1} s in");

        // Bounded: the expiry, then at most one reminder period and a sweep, with slack for a loaded machine.
        var deadline = invite.ExpiresAt - DateTimeOffset.UtcNow + ReminderPeriod + TimeSpan.FromSeconds(45);
        var told = Task.WhenAll(inviteeTold.Told, inviterTold.Told);
        Assert.True(await Task.WhenAny(told, Task.Delay(deadline)) == told,
            $"Not told within {deadline} (invitee: {inviteeTold.Told.IsCompleted}, inviter: {inviterTold.Told.IsCompleted}).\n{first.Describe()}\n{second.Describe()}");
        Assert.Equal(InviteStatus.Expired, (await inviteeTold.Told).Invite!.Status);
        Assert.Equal(InviteStatus.Expired, (await inviterTold.Told).Invite!.Status);
        Assert.True(DateTimeOffset.UtcNow >= invite.ExpiresAt - TimeSpan.FromSeconds(1), "Told before the invite was due to expire.");
        output.WriteLine($"both told {total.Elapsed.TotalSeconds:F1} s in");
        foreach (var reference in references) restarted.Cluster.DeleteObjectReference<IAgentObserver>(reference);
    }

    /// <summary>Completes with the first event of the kind about the invite that the agent's grain publishes.</summary>
    private sealed class AgentEvents(string agentId, AgentEventKind kind, string inviteId) : IAgentObserver
    {
        private readonly TaskCompletionSource<AgentEvent> _told = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string AgentId => agentId;
        public Task<AgentEvent> Told => _told.Task;

        public void OnAgentEvent(AgentEvent agentEvent)
        {
            if (agentEvent.Kind == kind && agentEvent.Invite?.InviteId == inviteId) _told.TrySetResult(agentEvent);
        }
    }

    public void Dispose() => _data.Dispose();
}
