namespace LiveChat.Gateway.Tests;

using Api = LiveChat.Client;

/// <summary>
/// Response-time SLAs over HTTP and the hub (docs/rules.md SLA1-SLA9): the admin's per-queue limits
/// and their problems, then a chat past its first-response limit flagged in the supervisor's figures
/// and alerted to the supervisor, and the flag gone once an agent answers. Written against the client
/// library; a body with an unknown action name is a wire matter and uses raw HTTP.
/// </summary>
public sealed class SlaApiTests(SlaApiTests.Gateway fixture) : IClassFixture<SlaApiTests.Gateway>
{
    private readonly GatewayFactory _gateway = fixture.Factory;

    /// <summary>A gateway of its own (its queue settings change), judging clocks every 200 ms.</summary>
    public sealed class Gateway : IAsyncLifetime
    {
        public GatewayFactory Factory { get; } = new();

        public async Task InitializeAsync()
        {
            Factory.Settings["LiveChat:ExpirySweepInterval"] = "00:00:00.200";
            await ((IAsyncLifetime)Factory).InitializeAsync();
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    private static Api.QueueBody BodyOf(Api.DirectoryQueue queue) => new()
    {
        Name = queue.Name, AutomaticAssignment = queue.AutomaticAssignment, SystemNotifications = queue.SystemNotifications,
        CannedResponses = queue.CannedResponses, Articles = queue.Articles, AskSatisfaction = queue.AskSatisfaction,
        OfferExpirySeconds = queue.OfferExpirySeconds, FirstResponseLimitSeconds = queue.FirstResponseLimitSeconds,
        ReplyLimitSeconds = queue.ReplyLimitSeconds, SlaBreachAction = (Api.QueueBodySlaBreachAction?)(int?)queue.SlaBreachAction,
    };

    private static void AssertSla(Api.DirectoryQueue queue, int firstResponse, int reply, Api.DirectoryQueueSlaBreachAction action)
    {
        Assert.Equal(firstResponse, queue.FirstResponseLimitSeconds);
        Assert.Equal(reply, queue.ReplyLimitSeconds);
        Assert.Equal(action, queue.SlaBreachAction);
    }

    [Fact]
    public async Task SLA1_the_admin_sets_a_queues_limits_and_bad_values_are_problems_that_change_nothing()
    {
        using var ada = await _gateway.SignIn("ada", presence: null);
        var body = BodyOf(await ada.Client.GetDirectoryQueueAsync("billing"));
        body.FirstResponseLimitSeconds = 120;
        body.ReplyLimitSeconds = 300;
        body.SlaBreachAction = Api.QueueBodySlaBreachAction.ReturnToQueue;
        await ada.Client.UpdateQueueAsync("billing", body);
        var set = await ada.Client.GetDirectoryQueueAsync("billing");
        AssertSla(set, 120, 300, Api.DirectoryQueueSlaBreachAction.ReturnToQueue);

        var audit = await ada.Client.ReadDirectoryAuditAsync(max: 1);
        foreach (var bad in new Action<Api.QueueBody>[]
                 {
                     b => b.FirstResponseLimitSeconds = 9,
                     b => b.ReplyLimitSeconds = 86_401,
                     b => (b.FirstResponseLimitSeconds, b.ReplyLimitSeconds) = (null, null),
                 })
        {
            var refused = BodyOf(set);
            bad(refused);
            await Problems.Refused(() => ada.Client.UpdateQueueAsync("billing", refused), 400, "SLA1");
        }
        await Problems.Assert(await ada.Put("/api/admin/queues/billing", new
        {
            name = "Billing", automaticAssignment = false, systemNotifications = true, replyLimitSeconds = 60, slaBreachAction = "Escalate",
        }), 400, "Request");

        // Nothing changed and nothing was audited.
        AssertSla(await ada.Client.GetDirectoryQueueAsync("billing"), 120, 300, Api.DirectoryQueueSlaBreachAction.ReturnToQueue);
        Assert.Equal(audit.Entries.First().Seq, (await ada.Client.ReadDirectoryAuditAsync(max: 1)).Entries.First().Seq);
    }

    [Fact]
    public async Task SLA5_SLA9_a_chat_past_its_first_response_limit_is_flagged_and_alerted_to_the_supervisor_until_an_agent_answers()
    {
        using var ada = await _gateway.SignIn("ada", presence: null);
        var tech = BodyOf(await ada.Client.GetDirectoryQueueAsync("tech"));
        tech.FirstResponseLimitSeconds = 10;
        tech.AutomaticAssignment = false;
        await ada.Client.UpdateQueueAsync("tech", tech);

        using var sam = await _gateway.SignIn("sam");
        await using var dashboard = await _gateway.ConnectHub(sam.Token);
        await dashboard.Hub.WatchQueue("tech");
        var endUser = await _gateway.StartChat("tech", firstMessage: "My router blinks red");

        // Real time: the limit passes 10 s after the start.
        var alert = await dashboard.AgentEvents.WaitFor(e => e.Kind == Api.AgentEventKind.SlaBreached && e.ChatId == endUser.ChatId, TimeSpan.FromSeconds(30));
        Assert.Equal(Api.SlaStatus.Breached, alert.Sla!.Status);
        Assert.Equal(Api.ChatSlaClock.FirstResponse, alert.Sla.Clock);
        Assert.NotNull(alert.Seq);
        await dashboard.QueueFigures.WaitFor(f => f.Sla?.Any(s => s.ChatId == endUser.ChatId && s.Status == Api.SlaStatus.Breached) == true);
        var figures = await sam.Client.GetQueueFiguresAsync("tech");
        Assert.Equal(alert.Sla.BreachedAt, figures.Sla!.Single(s => s.ChatId == endUser.ChatId).BreachedAt);

        // Dave takes the chat and answers: the chat's agents read the line at the alert's seq, and the flag goes.
        using var dave = await _gateway.SignIn("dave");
        await dave.Client.AcceptChatAsync(endUser.ChatId);
        var line = (await dave.Client.GetChatTranscriptAsync(endUser.ChatId, after: 0)).Entries.Single(e => e.Seq == alert.Seq);
        Assert.Equal("sla:FirstResponse", line.RefId);
        Assert.Equal(Api.SlaStatus.Breached, (await dave.Client.GetChatAsync(endUser.ChatId)).Sla!.Status);
        await dave.Client.PostChatMessageAsync(endUser.ChatId, new() { Text = "Hi, let's fix that router." });
        await dashboard.QueueFigures.WaitFor(f => f.Sla?.Any(s => s.ChatId == endUser.ChatId) != true);
        Assert.Equal(Api.SlaStatus.Ok, (await dave.Client.GetChatAsync(endUser.ChatId)).Sla!.Status);
        // The end user never reads the line.
        var seen = await endUser.Api.Client.GetEndUserTranscriptAsync(after: 0);
        Assert.DoesNotContain(seen.Entries, e => e.Text.Contains("limit", StringComparison.Ordinal));
    }
}
