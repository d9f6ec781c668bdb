namespace LiveChat.Gateway.Security.Tests;

/// <summary>
/// Ids in routes are held to the grains' own limit (ChatLimits.MaxIdLength, 128 characters):
/// one character more is a 400 problem (rule "Route") that reaches no grain and changes nothing,
/// for a chat id, an agent id, a queue id and an invite id alike; the longest allowed id passes
/// the gateway and meets the grain (here: no such chat).
/// </summary>
public sealed class RouteIdLengthTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Route_ids_longer_than_a_grain_id_are_a_400_problem_and_change_nothing()
    {
        var chat = await ChatScenario.Create(gateway);
        var sam = await ChatScenario.Agent(gateway, "sam");
        using var ada = await gateway.SignIn("ada", presence: null);
        var tooLong = new string('x', ChatLimits.MaxIdLength + 1);
        var before = await chat.Observe();
        var refused = new (ApiClient Caller, HttpMethod Method, string Path, object? Body)[]
        {
            (chat.Alice, HttpMethod.Post, $"/api/chats/{tooLong}/messages", new { text = "hi" }),
            (chat.Alice, HttpMethod.Get, $"/api/chats/{tooLong}", null),
            (chat.Alice, HttpMethod.Post, $"{chat.Chat}/invites/{tooLong}/cancel", null),
            (sam, HttpMethod.Get, $"/api/supervisor/queues/{tooLong}/figures", null),
            (ada, HttpMethod.Get, $"/api/admin/agents/{tooLong}", null),
            (ada, HttpMethod.Get, $"/api/admin/queues/{tooLong}", null),
        };
        foreach (var (caller, method, path, body) in refused)
        {
            var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Http.JsonOf(body) };
            var problem = await Problems.Assert(await caller.Http.SendAsync(request), 400, "Route");
            Assert.Contains(ChatLimits.MaxIdLength.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString());
        }
        Assert.Equal(before, await chat.Observe());

        // The longest a grain id may be is no route refusal: the chat grain answers for itself.
        var longest = new string('x', ChatLimits.MaxIdLength);
        var response = await chat.Alice.Http.PostAsync($"/api/chats/{longest}/messages", Http.JsonOf(new { text = "hi" }));
        var answered = await Problems.Assert(response, 404, "A7");
        Assert.NotEqual("Route", answered.GetProperty("ruleId").GetString());
    }
}
