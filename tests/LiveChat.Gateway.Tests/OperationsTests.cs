namespace LiveChat.Gateway.Tests;

/// <summary>
/// What operators and client builders rely on: health, the OpenAPI document, the demo sign-in.
/// Health and the document are read raw (neither is an API operation of the client); the sign-in
/// goes through the generated client.
/// </summary>
public sealed class OperationsTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Health_live_and_ready_answer_once_the_cluster_answers()
    {
        using var http = gateway.Anonymous();
        Assert.Equal(200, (int)(await http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(200, (int)(await http.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_invite_routes()
    {
        using var http = gateway.Anonymous();
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/chats/{chatId}/invites", paths);
        Assert.Contains("/api/chats/{chatId}/invites/{inviteId}/response", paths);
        Assert.Contains("/api/enduser/chats", paths);
    }

    [Fact]
    public async Task Auth_demo_sign_in_refuses_unknown_agents_and_issues_role_claims()
    {
        var anonymous = gateway.AnonymousApi();
        await Problems.Refused(() => anonymous.DemoSignInAsync(new() { AgentId = "mallory" }), 404, "Auth");
        await Problems.Refused(() => anonymous.DemoSignInAsync(new() { AgentId = "" }), 400, "Auth");
        using var sam = await gateway.SignIn("sam", presence: null);
        var me = await sam.Client.GetMeAsync();
        Assert.Equal(LiveChat.Client.AgentRole.Supervisor, me.Registration.Role);
    }
}
