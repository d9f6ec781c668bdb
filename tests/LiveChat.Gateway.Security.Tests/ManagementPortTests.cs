namespace LiveChat.Gateway.Security.Tests;

/// <summary>Item 10: /metrics only on the management port; nothing else there but the probes.</summary>
public sealed class ManagementPortTests(RealHttpGateway fixture) : IClassFixture<RealHttpGateway>
{
    private GatewayFactory Gateway => fixture.Gateway;

    [Fact]
    public async Task Metrics_are_not_found_on_the_public_port_and_served_on_the_management_port()
    {
        using var publicPort = Gateway.Anonymous();
        await Problems.Assert(await publicPort.GetAsync("/metrics"), 404, "Route");
        // A Host header naming the management port changes nothing: the connection's port decides.
        var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        spoofed.Headers.Host = $"127.0.0.1:{Gateway.ManagementPort}";
        await Problems.Assert(await publicPort.SendAsync(spoofed), 404, "Route");

        using var management = Gateway.Management();
        var metrics = await management.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        Assert.Contains("http_server", await metrics.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Management_port_serves_the_probes_but_not_the_API_or_the_pages()
    {
        using var management = Gateway.Management();
        using var publicPort = Gateway.Anonymous();
        foreach (var probe in new[] { "/health/live", "/health/ready" })
        {
            Assert.Equal(HttpStatusCode.OK, (await management.GetAsync(probe)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await publicPort.GetAsync(probe)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync("/agent.html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await management.PostAsJsonAsync("/api/auth/demo-sign-in", new { agentId = "sam" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await publicPort.PostAsJsonAsync("/api/auth/demo-sign-in", new { agentId = "sam" })).StatusCode);
    }
}
