namespace LiveChat.LoadTest.Scenarios;

using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Api = LiveChat.Client;

/// <summary>
/// The assignee sends an invite over HTTP; the invitee's console receives the push over SignalR.
/// Measured while background chats each carry a message per second, against a SignalR echo
/// through the same gateway under the same load. Both sides speak through the client library, as a
/// customer's console would: the generated HTTP client and LiveChatHubClient.
/// </summary>
public static class InviteRoundTripScenario
{
    private const int InvitesPerChat = 3;

    public static async Task<Measurement> Run(BenchCluster cluster, LoadOptions options)
    {
        var directory = new BenchDirectory(cluster.Client);
        var queue = await directory.Queue("invite-queue");
        var inviter = await directory.Agent("invite-alice", queue, "Alice", "Inviter");
        var invitee = await directory.Agent("invite-bob", queue, "Bob", "Invitee");
        var background = await BenchDirectory.Many(options.BackgroundChats, i => directory.ActiveChat($"bg-{i}", queue, inviter));
        // A few invites per chat, as in real support work: a chat keeps every invite it ever sent
        // (R10), so hundreds of invites into one chat would measure that chat's growing state instead.
        var inviteChats = await BenchDirectory.Many(Math.Max(1, options.Invites / InvitesPerChat), i => directory.ActiveChat($"invite-chat-{i}", queue, inviter));

        var grains = cluster.Client;
        var inviterToken = cluster.Tokens.ForAgent(await grains.GetGrain<IAgentGrain>(inviter).GetSnapshot());
        var inviteeToken = cluster.Tokens.ForAgent(await grains.GetGrain<IAgentGrain>(invitee).GetSnapshot());
        using var http = new HttpClient { BaseAddress = cluster.GatewayUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", inviterToken);
        var api = new Api.LiveChatApiClient(http);

        var received = new ConcurrentDictionary<string, TaskCompletionSource>();
        await using var console = Api.LiveChatHubClient.Create(cluster.GatewayUrl, () => Task.FromResult<string?>(inviteeToken));
        console.AgentEvent += e =>
        {
            if (e.Kind == Api.AgentEventKind.InviteReceived)
                received.GetOrAdd(e.ChatId!, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        };
        await console.StartAsync();

        using var stop = new CancellationTokenSource();
        var load = BackgroundLoad(cluster, background, stop.Token);
        try
        {
            var invites = new List<double>();
            var echoes = new List<double>();
            for (var i = 0; i < options.Invites; i++)
            {
                var inviteChat = inviteChats[i % inviteChats.Count];
                var arrived = received.GetOrAdd(inviteChat, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
                var stopwatch = Stopwatch.StartNew();
                // The client reads the invite's body inside the measured time (the raw call read it
                // after): a few microseconds against a p99 in milliseconds.
                var invite = await api.CreateInviteAsync(inviteChat, new Api.InviteRequest { InviteeId = invitee, Mode = Api.JoinMode.Participant });
                await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
                invites.Add(stopwatch.Elapsed.TotalMilliseconds);
                received.TryRemove(inviteChat, out _);
                await api.CancelInviteAsync(inviteChat, invite.InviteId);

                stopwatch.Restart();
                await console.Echo("ping");
                echoes.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
            invites.Sort();
            echoes.Sort();
            var p99 = Throughput.Percentile(invites, 0.99);
            var echoP99 = Throughput.Percentile(echoes, 0.99);
            return new Measurement("Invite round trip (HTTP invite → SignalR push)", "ms p99", p99, "SignalR echo p99", echoP99, p99 / echoP99,
                "p99 ≤ 20 ms", p99 <= 20,
                $"p50 {Throughput.Percentile(invites, 0.5):F2} ms (echo p50 {Throughput.Percentile(echoes, 0.5):F2} ms), {options.Invites} invites over {inviteChats.Count} chats, {options.BackgroundChats} background chats at 1 msg/s each");
        }
        finally
        {
            stop.Cancel();
            await load;
        }
    }

    /// <summary>Every background chat gets one message per second, spread evenly over the second.</summary>
    private static async Task BackgroundLoad(BenchCluster cluster, IReadOnlyList<string> chats, CancellationToken stop)
    {
        if (chats.Count == 0) return;
        var interval = TimeSpan.FromSeconds(1.0 / chats.Count);
        var started = Stopwatch.StartNew();
        var pending = new List<Task>();
        for (long n = 0; !stop.IsCancellationRequested; n++)
        {
            var due = interval * n;
            var wait = due - started.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                try { await Task.Delay(wait, stop); } catch (OperationCanceledException) { break; }
            }
            var chat = chats[(int)(n % chats.Count)];
            pending.Add(cluster.Client.GetGrain<IChatSessionGrain>(chat).PostEndUserMessage(BenchDirectory.EndUserOf(chat), "background"));
            if (pending.Count > 512) { await Task.WhenAll(pending); pending.Clear(); }
        }
        await Task.WhenAll(pending);
    }
}
