namespace LiveChat.Gateway.Security.Tests;

/// <summary>
/// QueueAccess: a queue's waiting chats (customer names, first messages) and its settings are
/// read by the agents who work the queue and the supervisors who supervise it, nobody else.
/// Demo directory: bob works billing only, dave tech only, sam supervises both.
/// </summary>
public sealed class QueueAccessTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task QueueAccess_an_agent_of_another_queue_reads_neither_the_waiting_chats_nor_the_settings()
    {
        var customer = "Customer " + Guid.NewGuid().ToString("N")[..8];
        var secret = "my card number is " + Guid.NewGuid().ToString("N");
        await gateway.StartChat("billing", customer, secret);
        var dave = await ChatScenario.Agent(gateway, "dave");

        foreach (var path in new[] { "/api/queues/billing/waiting", "/api/queues/billing" })
        {
            var response = await dave.Get(path);
            var body = await response.Content.ReadAsStringAsync();
            await Problems.Assert(response, 403, "QueueAccess");
            Assert.DoesNotContain(customer, body);
            Assert.DoesNotContain(secret, body);
        }
    }

    [Fact]
    public async Task QueueAccess_members_and_supervisors_of_the_queue_read_it()
    {
        var customer = "Customer " + Guid.NewGuid().ToString("N")[..8];
        await gateway.StartChat("billing", customer, "hello");
        foreach (var reader in new[] { "bob", "sam" })
        {
            var agent = await ChatScenario.Agent(gateway, reader);
            var waiting = await agent.GetJson<JsonElement>("/api/queues/billing/waiting");
            Assert.Contains(waiting.EnumerateArray(), w => w.GetProperty("endUserName").GetString() == customer);
            var info = await agent.GetJson<JsonElement>("/api/queues/billing");
            Assert.Equal("billing", info.GetProperty("queueId").GetString());
        }
    }

    [Fact]
    public async Task QueueAccess_an_unknown_queue_is_refused_like_another_teams_so_queue_ids_cannot_be_probed()
    {
        var bob = await ChatScenario.Agent(gateway, "bob");
        await Problems.Assert(await bob.Get("/api/queues/no-such-queue"), 403, "QueueAccess");
        await Problems.Assert(await bob.Get("/api/queues/no-such-queue/waiting"), 403, "QueueAccess");
        await Problems.Assert(await bob.Get("/api/queues/tech"), 403, "QueueAccess");
    }

    [Fact]
    public async Task QueueAccess_the_waiting_chats_read_in_pages_with_the_total_in_a_header()
    {
        for (var i = 0; i < 3; i++) await gateway.StartChat("billing", $"Pager {i} {Guid.NewGuid():N}"[..20], "hello");
        var bob = await ChatScenario.Agent(gateway, "bob");
        var all = (await bob.GetJson<JsonElement>("/api/queues/billing/waiting")).EnumerateArray().Select(w => w.GetProperty("chatId").GetString()).ToList();
        Assert.True(all.Count >= 3);

        var response = await bob.Get("/api/queues/billing/waiting?skip=1&take=2");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(all.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(response.Headers.GetValues("X-Total-Count")));
        var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(w => w.GetProperty("chatId").GetString()).ToList();
        Assert.Equal(all.Skip(1).Take(2), page);

        await Problems.Assert(await bob.Get("/api/queues/billing/waiting?take=0"), 400, "QueueAccess");
        await Problems.Assert(await bob.Get("/api/queues/billing/waiting?skip=-1&take=5"), 400, "QueueAccess");
        var dave = await ChatScenario.Agent(gateway, "dave");
        await Problems.Assert(await dave.Get("/api/queues/billing/waiting?skip=0&take=5"), 403, "QueueAccess");
    }
}
