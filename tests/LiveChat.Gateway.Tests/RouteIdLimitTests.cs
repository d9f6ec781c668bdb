namespace LiveChat.Gateway.Tests;

using System.Globalization;
using Api = LiveChat.Client;

/// <summary>
/// Rule Route: an id longer than a grain id may be (<see cref="ChatLimits.MaxIdLength"/>, the one
/// constant the grains check too) is refused where it enters the gateway, through the generated API
/// client (a 400 problem) and through the hub (a refusal naming the rule), so no 129-character id
/// reaches a grain to be refused there differently. The longest allowed id passes the gateway, and
/// the served OpenAPI document gives every id in a route that maxLength.
/// The raw-HTTP cases over every kind of route id are in the security suite (RouteIdLengthTests).
/// </summary>
public sealed class RouteIdLimitTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static readonly string TooLong = new('x', ChatLimits.MaxIdLength + 1);
    private static readonly string Longest = new('x', ChatLimits.MaxIdLength);

    [Fact]
    public async Task Route_a_129_character_chat_id_is_a_400_problem_through_the_api_client()
    {
        Assert.Equal(129, TooLong.Length);
        using var alice = await gateway.SignIn("alice");

        var refused = await Assert.ThrowsAnyAsync<Api.LiveChatApiException>(() => alice.Client.GetChatAsync(TooLong));
        Assert.Equal(400, refused.StatusCode);
        Assert.Equal("Route", refused.RuleId);
        Assert.Contains(ChatLimits.MaxIdLength.ToString(CultureInfo.InvariantCulture), refused.Problem?.Detail);

        var answered = await Assert.ThrowsAnyAsync<Api.LiveChatApiException>(() => alice.Client.GetChatAsync(Longest));
        Assert.NotEqual("Route", answered.RuleId);
    }

    [Fact]
    public async Task Route_a_129_character_id_is_refused_by_the_hub_naming_the_rule()
    {
        using var alice = await gateway.SignIn("alice");
        await using var console = await gateway.ConnectHub(alice.Token);

        var chat = await Assert.ThrowsAsync<Api.LiveChatHubException>(() => console.Hub.WatchChat(TooLong));
        Assert.Equal("Route", chat.RuleId);
        var queue = await Assert.ThrowsAsync<Api.LiveChatHubException>(() => console.Hub.WatchWaiting(TooLong));
        Assert.Equal("Route", queue.RuleId);

        var answered = await Assert.ThrowsAsync<Api.LiveChatHubException>(() => console.Hub.WatchChat(Longest));
        Assert.NotEqual("Route", answered.RuleId);
    }

    [Fact]
    public async Task Route_the_served_document_states_the_limit_on_every_id_in_a_route()
    {
        var document = await gateway.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var ids = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .Where(operation => operation.Value.ValueKind == JsonValueKind.Object && operation.Value.TryGetProperty("parameters", out _))
            .SelectMany(operation => operation.Value.GetProperty("parameters").EnumerateArray())
            .Where(p => p.GetProperty("in").GetString() == "path" && p.GetProperty("name").GetString()!.EndsWith("Id", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Equal(ChatLimits.MaxIdLength, id.GetProperty("schema").GetProperty("maxLength").GetInt32()));
    }
}
