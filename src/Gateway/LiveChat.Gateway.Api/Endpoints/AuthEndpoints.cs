namespace LiveChat.Gateway.Endpoints;

using LiveChat.Gateway.Auth;

/// <summary>
/// The demo sign-in, for local trials: any agent of the directory, no password. On only where
/// <see cref="DemoSignInSwitch"/> says so (loopback, or explicitly); a real deployment signs in
/// with its identity provider.
/// </summary>
internal static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").AllowAnonymous().WithTags("Sign-in");
        auth.MapPost("/demo-sign-in", async (DemoSignInRequest body, DemoSignInSwitch demo, IGrainFactory grains, TokenIssuer tokens) =>
        {
            if (!demo.IsEnabled)
                throw new RuleViolationException("Auth", RefusalKind.NotFound,
                    "Demo sign-in is off: it is on only while the gateway listens on loopback, or with Gateway:Auth:EnableDemoSignIn=true.");
            if (string.IsNullOrWhiteSpace(body.AgentId) || body.AgentId.Length > 128)
                throw new RuleViolationException("Auth", RefusalKind.Invalid, "Name the demo agent to sign in as.");
            var agent = (await grains.Agent(body.AgentId).Peek()).Found("Auth", $"agent '{body.AgentId}'");
            return new SignedIn(tokens.ForAgent(agent), agent);
        });
    }
}
