namespace LiveChat.Web.Tests;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>
/// The demo sign-in (any agent, no password) is for local trials: on by itself only while the
/// gateway listens on loopback. A gateway listening on every interface, as the container image
/// does, refuses it unless it is set explicitly, and then warns at every start. Real gateway
/// processes, because the decision rests on the addresses Kestrel really bound.
/// </summary>
public sealed class DemoSignInSwitchTests
{
    [Fact]
    public async Task Auth_a_gateway_listening_on_every_interface_has_no_demo_sign_in()
    {
        await using var gateway = await GatewayProcess.StartAsync(Log("demo-any-interface"), bindHost: "0.0.0.0", demoSignIn: false);
        using var http = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl) };

        var response = await http.PostAsJsonAsync("/api/auth/demo-sign-in", new { agentId = "sam" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Auth", problem.GetProperty("ruleId").GetString());
    }

    [Fact]
    public async Task Auth_demo_sign_in_set_explicitly_works_on_every_interface_and_warns_at_every_start()
    {
        const string warning = "Demo sign-in is ON";
        await using var gateway = await GatewayProcess.StartAsync(Log("demo-explicit"), bindHost: "0.0.0.0",
            settings: new Dictionary<string, string> { ["Gateway__Auth__EnableDemoSignIn"] = "true" });
        using var http = new HttpClient { BaseAddress = new Uri(gateway.BaseUrl) };
        Assert.True((await http.PostAsJsonAsync("/api/auth/demo-sign-in", new { agentId = "sam" })).IsSuccessStatusCode);
        Assert.Equal(1, Occurrences(gateway.LogText, warning));

        await gateway.KillAndRestartAsync();

        Assert.Equal(2, Occurrences(gateway.LogText, warning));
    }

    private static string Log(string name) => Path.Combine(WebFixture.ArtifactsFolder, $"gateway-{name}.log");

    private static int Occurrences(string text, string what) => (text.Length - text.Replace(what, "").Length) / what.Length;
}
