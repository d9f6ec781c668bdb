namespace LiveChat.Gateway.Tests;

using System.Net.Http.Headers;
using Api = LiveChat.Client;

/// <summary>
/// Business hours and leaving a message over HTTP (docs/rules.md B1-B4, O1-O4), through the
/// generated client: the admin sets a queue's hours, the anonymous status route says closed, a
/// chat start is refused, a message is left and answered, and the end user reads the answer with
/// the token it was given. Bodies the generated client's types would not send use raw HTTP.
/// </summary>
public sealed class BusinessHoursApiTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A queue of the test's own, made by the demo admin, with these business hours; and an online agent of it.</summary>
    private async Task<(string Queue, ApiClient Agent)> QueueWithHours(Api.BusinessHours? hours)
    {
        using var ada = await gateway.SignIn("ada", presence: null);
        var queue = NewId("hours");
        await ada.Client.CreateQueueAsync(new Api.QueueBody
        {
            Id = queue, Name = "Hours desk", AutomaticAssignment = false, SystemNotifications = true,
            CannedResponses = [], Articles = [], BusinessHours = hours,
        });
        var agentId = NewId("hal");
        await ada.Client.CreateAgentAsync(new Api.AgentBody
        {
            Id = agentId, FirstName = "Hal", LastName = "Hours", Email = $"{agentId}@example.com", Role = Api.AgentRole.Agent,
            Permissions = ["ESChat_Agent"], Queues = [queue], Supervises = [], Capacity = 3,
        });
        return (queue, await gateway.SignIn(agentId));
    }

    /// <summary>Business hours without an opening: closed whenever the test runs.</summary>
    private static Api.BusinessHours MessagesOnly() => new() { TimeZone = "Europe/Berlin", Weekly = [], Holidays = [] };

    [Fact]
    public async Task B1_the_admin_sets_a_queues_hours_and_bad_hours_are_B1_problems_that_change_nothing()
    {
        using var ada = await gateway.SignIn("ada", presence: null);
        var (queue, agent) = await QueueWithHours(null);
        using (agent)
        {
            var hours = new Api.BusinessHours
            {
                TimeZone = "America/New_York",
                Weekly = [new() { Day = "Monday", Opens = "09:00", Closes = "17:00" }, new() { Day = "Saturday", Opens = "10:00", Closes = "24:00" }],
                Holidays = ["2026-12-25"],
            };
            var current = await ada.Client.GetDirectoryQueueAsync(queue);
            var body = new Api.QueueBody
            {
                Id = queue, Name = current.Name, AutomaticAssignment = current.AutomaticAssignment, SystemNotifications = current.SystemNotifications,
                CannedResponses = current.CannedResponses, Articles = current.Articles, BusinessHours = hours,
            };
            await ada.Client.UpdateQueueAsync(queue, body);
            var stored = (await ada.Client.GetDirectoryQueueAsync(queue)).BusinessHours!;
            Assert.Equal("America/New_York", stored.TimeZone);
            Assert.Equal(["Monday 09:00-17:00", "Saturday 10:00-24:00"], stored.Weekly.Select(s => $"{s.Day} {s.Opens}-{s.Closes}"));
            Assert.Equal(["2026-12-25"], stored.Holidays);

            body.BusinessHours = new Api.BusinessHours { TimeZone = "Central European Standard Time", Weekly = [], Holidays = [] };
            await Problems.Refused(() => ada.Client.UpdateQueueAsync(queue, body), 400, "B1");
            body.BusinessHours = new Api.BusinessHours { TimeZone = "Europe/Berlin", Weekly = [new() { Day = "Monday", Opens = "17:00", Closes = "09:00" }], Holidays = [] };
            await Problems.Refused(() => ada.Client.UpdateQueueAsync(queue, body), 400, "B1");
            // Raw HTTP: a slot without its times, which the client's types would not send.
            var raw = await ada.Put($"/api/admin/queues/{queue}", new
            {
                id = queue, name = "Hours desk", automaticAssignment = false, systemNotifications = true,
                businessHours = new { timeZone = "Europe/Berlin", weekly = new[] { new { day = "Monday" } }, holidays = Array.Empty<string>() },
            });
            await Problems.Assert(raw, 400, "B1");
            Assert.Equal("America/New_York", (await ada.Client.GetDirectoryQueueAsync(queue)).BusinessHours!.TimeZone);
        }
    }

    [Fact]
    public async Task B2_B3_O2_O4_closed_a_chat_is_refused_a_message_is_left_and_the_end_user_reads_the_answer_with_its_token()
    {
        var (queue, agent) = await QueueWithHours(MessagesOnly());
        using (agent)
        {
            var anonymous = gateway.AnonymousApi();
            var status = await anonymous.GetQueueAvailabilityAsync(queue);
            Assert.Equal((Api.AvailabilityState.Closed, "Hours desk"), (status.State, status.QueueName));
            Assert.Null(status.NextOpening);
            Assert.Equal("Europe/Berlin", status.BusinessHours!.TimeZone);

            await Problems.Refused(() => anonymous.StartChatAsync(new Api.StartChatBody { QueueId = queue, DisplayName = "Pat", FirstMessage = "Hello?" }), 409, "B3");

            var left = await anonymous.LeaveMessageAsync(new Api.LeaveMessageBody
            {
                QueueId = queue, DisplayName = "Pat Customer", Contact = "pat@example.com", Text = "Please call me back about my order.",
            });
            Assert.True(left.Chat.Offline);
            Assert.Equal(Api.ChatStatus.Waiting, left.Chat.Status);
            // The token is kept to come back with: it lasts the offline lifetime (30 days), not a live chat's 4 hours.
            var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(left.Token);
            Assert.Equal(TimeSpan.FromDays(30), token.ValidTo - token.ValidFrom);

            // The queue's agent finds it marked as a message, takes it and answers.
            var listed = Assert.Single(await agent.Client.GetWaitingChatsAsync(queue), w => w.ChatId == left.ChatId);
            Assert.True(listed.Offline);
            await agent.Client.AcceptChatAsync(left.ChatId);
            var snapshot = await agent.Client.GetChatAsync(left.ChatId);
            Assert.Equal((true, "pat@example.com"), (snapshot.Offline, snapshot.Contact));
            await agent.Client.PostChatMessageAsync(left.ChatId, new Api.TextRequest { Text = "Calling you at 10 tomorrow." });

            // Later, with the token the answer carried.
            using var returning = gateway.CreateClient();
            returning.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", left.Token);
            var endUser = new Api.LiveChatApiClient(returning);
            Assert.True((await endUser.GetEndUserChatAsync()).Offline);
            var transcript = await endUser.GetEndUserTranscriptAsync(after: 0);
            Assert.Contains(transcript.Entries, e => e.Text == "Please call me back about my order.");
            Assert.Contains(transcript.Entries, e => e.Text == "Calling you at 10 tomorrow." && e.Actor.Kind == Api.ActorKind.Agent);
            Assert.DoesNotContain(transcript.Entries, e => e.Text.Contains("pat@example.com"));
        }
    }

    [Fact]
    public async Task B4_open_hours_with_nobody_online_say_so_and_still_take_a_chat()
    {
        var allWeek = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
        var (queue, agent) = await QueueWithHours(new Api.BusinessHours
        {
            TimeZone = "Etc/UTC", Weekly = [.. allWeek.Select(d => new Api.OpeningSlot { Day = d, Opens = "00:00", Closes = "24:00" })], Holidays = [],
        });
        using (agent)
        {
            var anonymous = gateway.AnonymousApi();
            Assert.Equal(Api.AvailabilityState.Open, (await anonymous.GetQueueAvailabilityAsync(queue)).State);
            await agent.Client.SetPresenceAsync(new Api.PresenceRequest { Presence = Api.Presence.Offline });
            await GatewayFactory.WaitUntil(async () => (await anonymous.GetQueueAvailabilityAsync(queue)).State == Api.AvailabilityState.NoAgentsOnline,
                TimeSpan.FromSeconds(10), "the queue to learn its agent went offline");
            var started = await anonymous.StartChatAsync(new Api.StartChatBody { QueueId = queue, DisplayName = "Pat", FirstMessage = "Anyone?" });
            Assert.False(started.Chat.Offline);
        }
    }

    [Fact]
    public async Task O1_bad_messages_and_unknown_queues_are_problems()
    {
        var (queue, agent) = await QueueWithHours(MessagesOnly());
        using (agent)
        {
            var anonymous = gateway.AnonymousApi();
            Api.LeaveMessageBody Body() => new() { QueueId = queue, DisplayName = "Pat", Contact = "+49 30 1234567", Text = "Hello" };
            var noContact = Body();
            noContact.Contact = null!;
            await Problems.Refused(() => anonymous.LeaveMessageAsync(noContact), 400, "O1");
            var tooLong = Body();
            tooLong.Text = new string('x', 4001);
            await Problems.Refused(() => anonymous.LeaveMessageAsync(tooLong), 400, "O1");
            var systemName = Body();
            systemName.DisplayName = "System";
            await Problems.Refused(() => anonymous.LeaveMessageAsync(systemName), 400, "Names");
            var unknown = Body();
            unknown.QueueId = NewId("nowhere");
            await Problems.Refused(() => anonymous.LeaveMessageAsync(unknown), 404, "O1");
            await Problems.Refused(() => anonymous.GetQueueAvailabilityAsync(NewId("nowhere")), 404, "Directory");
            // Nothing was left: the queue's agent sees no chat.
            Assert.Empty(await agent.Client.GetWaitingChatsAsync(queue));
            // Malformed JSON is the request's problem.
            using var raw = gateway.Anonymous();
            var malformed = await raw.PostAsync("/api/enduser/offline-messages", new StringContent("{\"queueId\":", System.Text.Encoding.UTF8, "application/json"));
            await Problems.Assert(malformed, 400, "Request");
        }
    }
}
