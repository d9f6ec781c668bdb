namespace LiveChat.Gateway.Security.Tests;

using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

/// <summary>A real gateway (Kestrel, loopback) with low limits, so a test can reach each one.</summary>
public sealed class LowLimitGateway : IAsyncLifetime
{
    public const int ChatStarts = 3;
    public const int EndUserMessages = 4;
    public const int HubCalls = 5;

    public GatewayFactory Gateway { get; } = new() { RealHttp = true };

    public async Task InitializeAsync()
    {
        Gateway.Settings["Gateway:RateLimits:ChatStart:PermitLimit"] = ChatStarts.ToString();
        Gateway.Settings["Gateway:RateLimits:EndUserMessages:PermitLimit"] = EndUserMessages.ToString();
        Gateway.Settings["Gateway:RateLimits:HubInvocations:PermitLimit"] = HubCalls.ToString();
        // Long windows: a test never straddles two of them.
        foreach (var rule in new[] { "ChatStart", "EndUserMessages", "HubInvocations" })
            Gateway.Settings[$"Gateway:RateLimits:{rule}:Window"] = "01:00:00";
        await Gateway.InitializeAsync();
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)Gateway).DisposeAsync();
}

/// <summary>Item 5: chat starts per client address, end-user messages per chat, hub calls per caller; refusals are 429 problems with Retry-After.</summary>
public sealed class RateLimitTests(LowLimitGateway fixture) : IClassFixture<LowLimitGateway>
{
    private GatewayFactory Gateway => fixture.Gateway;

    [Fact]
    public async Task RateLimit_chat_starts_from_one_address_are_refused_with_429_while_another_address_still_starts()
    {
        using var alice = await Gateway.SignIn("alice");
        var waitingBefore = await WaitingChatIds(alice);
        using var script = LoopbackClients.From(Gateway, "127.0.0.3");
        var body = new { queueId = "billing", displayName = "Script", firstMessage = "spam" };
        var started = new List<string>();
        for (var i = 0; i < LowLimitGateway.ChatStarts; i++)
            started.Add(await StartedChatId(await script.PostAsJsonAsync("/api/enduser/chats", body, GatewayFactory.Json)));

        var refused = await script.PostAsJsonAsync("/api/enduser/chats", body, GatewayFactory.Json);
        var problem = await Problems.Assert(refused, 429, "RateLimit");
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        var retryAfter = Assert.Single(refused.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter), 1, 3600);

        // Another client address is another partition.
        using var person = LoopbackClients.From(Gateway, "127.0.0.4");
        started.Add(await StartedChatId(await person.PostAsJsonAsync("/api/enduser/chats", new { queueId = "billing", displayName = "Pat", firstMessage = "Hi" }, GatewayFactory.Json)));

        // A chat tells its queue one-way, so the list is read once it holds every started chat;
        // then it holds nothing else: the refused start queued nothing.
        HashSet<string> waiting = [];
        await GatewayFactory.WaitUntil(async () => (waiting = await WaitingChatIds(alice)).IsSupersetOf(started),
            TimeSpan.FromSeconds(30), "the queue to list every started chat");
        Assert.Equal(waitingBefore.Count + started.Count, waiting.Count);
    }

    [Fact]
    public async Task RateLimit_leaving_messages_counts_with_chat_starts_per_client_address()
    {
        // O1: the anonymous leave-a-message route shares the chat-start budget, so a script cannot double it by alternating.
        using var script = LoopbackClients.From(Gateway, "127.0.0.21");
        var message = new { queueId = "billing", displayName = "Script", contact = "script@example.com", text = "spam" };
        var start = new { queueId = "billing", displayName = "Script", firstMessage = "spam" };
        for (var i = 0; i < LowLimitGateway.ChatStarts - 1; i++)
            await Http.AssertSuccess(await script.PostAsJsonAsync("/api/enduser/offline-messages", message, GatewayFactory.Json));
        await Http.AssertSuccess(await script.PostAsJsonAsync("/api/enduser/chats", start, GatewayFactory.Json));

        var refused = await script.PostAsJsonAsync("/api/enduser/offline-messages", message, GatewayFactory.Json);
        await Problems.Assert(refused, 429, "RateLimit");
        Assert.InRange(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After"))), 1, 3600);
        await Problems.Assert(await script.PostAsJsonAsync("/api/enduser/chats", start, GatewayFactory.Json), 429, "RateLimit");

        // Another client address is another partition.
        using var person = LoopbackClients.From(Gateway, "127.0.0.22");
        await Http.AssertSuccess(await person.PostAsJsonAsync("/api/enduser/offline-messages", message, GatewayFactory.Json));
    }

    private static async Task<HashSet<string>> WaitingChatIds(ApiClient agent) =>
        (await agent.GetJson<JsonElement>("/api/queues/billing/waiting")).EnumerateArray()
            .Select(chat => chat.GetProperty("chatId").GetString()!).ToHashSet();

    private static async Task<string> StartedChatId(HttpResponseMessage response)
    {
        await Http.AssertSuccess(response);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("chatId").GetString()!;
    }

    [Fact]
    public async Task RateLimit_end_user_messages_count_per_chat_token()
    {
        var (first, _) = await LoopbackClients.StartChat(Gateway, "127.0.0.5");
        var (second, _) = await LoopbackClients.StartChat(Gateway, "127.0.0.5");
        using (first)
        using (second)
        {
            for (var i = 0; i < LowLimitGateway.EndUserMessages; i++)
                await Http.AssertSuccess(await first.PostAsJsonAsync("/api/enduser/chat/messages", new { text = $"message {i}" }, GatewayFactory.Json));
            var transcript = await first.GetStringAsync("/api/enduser/chat/transcript");

            var refused = await first.PostAsJsonAsync("/api/enduser/chat/messages", new { text = "one too many" }, GatewayFactory.Json);
            await Problems.Assert(refused, 429, "RateLimit");
            Assert.Single(refused.Headers.GetValues("Retry-After"));
            Assert.Equal(transcript, await first.GetStringAsync("/api/enduser/chat/transcript"));

            // The same address, another chat's token: its own budget.
            await Http.AssertSuccess(await second.PostAsJsonAsync("/api/enduser/chat/messages", new { text = "hello" }, GatewayFactory.Json));
        }
    }

    [Fact]
    public async Task RateLimit_hub_method_calls_are_limited_per_caller_with_an_error_naming_the_rule()
    {
        using var bob = await Gateway.SignIn("bob");
        using var carol = await Gateway.SignIn("carol");
        await using var bobConsole = await Gateway.Connect(bob.Token);
        await using var carolConsole = await Gateway.Connect(carol.Token);
        for (var i = 0; i < LowLimitGateway.HubCalls; i++)
            Assert.Equal($"ping {i}", await bobConsole.Connection.InvokeAsync<string>("Echo", $"ping {i}"));

        var refused = await Assert.ThrowsAsync<HubException>(() => bobConsole.Connection.InvokeAsync<string>("Echo", "one too many"));
        Assert.Contains("RateLimit:", refused.Message);
        // Another caller still gets through.
        Assert.Equal("carol", await carolConsole.Connection.InvokeAsync<string>("Echo", "carol"));
    }
}
