namespace LiveChat.Gateway.Tests;

using LiveChat.Gateway.Auth;

/// <summary>
/// When the demo sign-in is on (Auth): an explicit setting decides; unset, only a gateway that
/// listens on loopback alone has it. The real processes are in LiveChat.Web.Tests.
/// </summary>
public sealed class DemoSignInSwitchTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.9.8.7:80", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("https://LOCALHOST:5001", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://10.0.0.5:8080", false)]
    [InlineData("http://gateway.example.com:80", false)]
    [InlineData("not a url", false)]
    public void Auth_only_loopback_addresses_count_as_local(string address, bool loopback) =>
        Assert.Equal(loopback, DemoSignInSwitch.IsLoopback(address));

    [Fact]
    public void Auth_unset_it_is_on_only_when_every_address_is_loopback()
    {
        Assert.True(DemoSignInSwitch.Decide(null, ["http://127.0.0.1:5080", "http://[::1]:5080"]));
        Assert.False(DemoSignInSwitch.Decide(null, ["http://127.0.0.1:5080", "http://0.0.0.0:8080"]));
        Assert.False(DemoSignInSwitch.Decide(null, []));
    }

    [Fact]
    public void Auth_an_explicit_setting_wins_over_the_addresses()
    {
        Assert.False(DemoSignInSwitch.Decide(false, ["http://127.0.0.1:5080"]));
        Assert.True(DemoSignInSwitch.Decide(true, ["http://0.0.0.0:8080"]));
    }

    [Fact]
    public async Task Auth_switched_off_explicitly_the_demo_sign_in_route_answers_a_problem_and_issues_nothing()
    {
        await using var gateway = new GatewayFactory();
        gateway.Settings["Gateway:Auth:EnableDemoSignIn"] = "false";
        using var http = gateway.Anonymous();
        // Readiness without the demo sign-in: the cluster answers (the health probe is no API operation: raw HTTP).
        await GatewayFactory.WaitUntil(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the gateway to become ready");

        var refused = await Problems.Refused(() => gateway.AnonymousApi().DemoSignInAsync(new() { AgentId = "sam" }), 404, "Auth");

        // The whole problem the client read (unknown fields too) carries no token.
        Assert.DoesNotContain("token", JsonSerializer.Serialize(refused.Problem) + refused.Response, StringComparison.OrdinalIgnoreCase);
    }
}
