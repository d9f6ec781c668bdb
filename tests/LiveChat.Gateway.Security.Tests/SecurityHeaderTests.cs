namespace LiveChat.Gateway.Security.Tests;

/// <summary>Item 9: the security headers on a page, an API answer and a problem; API answers are never cached.</summary>
public sealed class SecurityHeaderTests(RealHttpGateway fixture) : IClassFixture<RealHttpGateway>
{
    private GatewayFactory Gateway => fixture.Gateway;

    [Fact]
    public async Task Headers_a_page_an_API_answer_and_a_problem_carry_the_security_headers()
    {
        var endUser = await Gateway.StartChat();
        using var anonymous = Gateway.Anonymous();
        var page = await anonymous.GetAsync("/agent.html");
        var api = await endUser.Api.Get("/api/enduser/chat");
        var problem = await anonymous.GetAsync("/api/enduser/chat");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, problem.StatusCode);

        foreach (var response in new[] { page, api, problem })
        {
            var csp = Header(response, "Content-Security-Policy");
            Assert.Contains("default-src 'self'", csp);
            Assert.Contains("script-src 'self';", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        }
        Assert.Equal("no-store", Header(api, "Cache-Control"));
        Assert.Equal("no-store", Header(problem, "Cache-Control"));
    }

    [Fact]
    public async Task Headers_a_429_and_a_413_problem_are_not_cached_either()
    {
        using var anonymous = Gateway.Anonymous();
        var tooLarge = await anonymous.PostAsync("/api/enduser/chats", Http.Json("{\"queueId\":\"" + new string('x', 70_000) + "\"}"));
        await Problems.Assert(tooLarge, 413, "Request");
        Assert.Equal("no-store", Header(tooLarge, "Cache-Control"));
        Assert.Equal("nosniff", Header(tooLarge, "X-Content-Type-Options"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri} has no {name} header.");
}
