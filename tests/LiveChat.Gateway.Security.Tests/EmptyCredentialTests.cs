namespace LiveChat.Gateway.Security.Tests;

/// <summary>
/// A credential sent empty is a client's bug, refused as a 401 problem that says so, never taken
/// for no credential: an empty bearer token (even on the anonymous chat start, which it would
/// otherwise let through as anonymous), an empty access_token on the hub, an empty visitorToken.
/// </summary>
public sealed class EmptyCredentialTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static readonly object Start = new { queueId = "billing", displayName = "Pat Customer", firstMessage = "Hello" };

    public static TheoryData<string> EmptyAuthorizations() => ["Bearer ", "Bearer", "bearer    "];

    [Theory]
    [MemberData(nameof(EmptyAuthorizations))]
    public async Task Auth_an_empty_bearer_token_is_a_401_problem_not_an_anonymous_caller(string authorization)
    {
        foreach (var (method, path, body) in new (HttpMethod Method, string Path, object? Body)[] { (HttpMethod.Post, "/api/enduser/chats", Start), (HttpMethod.Get, "/api/me", null), (HttpMethod.Get, "/api/enduser/chat", null) })
        {
            var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Http.JsonOf(body) };
            Assert.True(request.Headers.TryAddWithoutValidation("Authorization", authorization));
            var problem = await Problems.Assert(await gateway.Anonymous().SendAsync(request), 401, "Auth");
            Assert.Contains("empty", problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Auth_an_empty_access_token_on_the_hub_is_a_401_problem()
    {
        var response = await gateway.Anonymous().PostAsync("/hubs/livechat/negotiate?negotiateVersion=1&access_token=", null);
        var problem = await Problems.Assert(response, 401, "Auth");
        Assert.Contains("access_token", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Visitor_an_empty_visitor_token_is_refused_as_empty_not_taken_for_none()
    {
        var response = await gateway.Anonymous().PostAsync("/api/enduser/chats",
            Http.JsonOf(new { queueId = "billing", displayName = "Pat Customer", firstMessage = "Hello", visitorToken = "" }));
        var problem = await Problems.Assert(response, 401, "Visitor");
        Assert.Contains("empty", problem.GetProperty("detail").GetString());
        // Without the field the same start is fine: only the empty token was refused.
        await Http.AssertSuccess(await gateway.Anonymous().PostAsync("/api/enduser/chats", Http.JsonOf(Start)));
    }
}
