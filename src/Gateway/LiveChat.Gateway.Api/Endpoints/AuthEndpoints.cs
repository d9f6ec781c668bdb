namespace LiveChat.Gateway.Endpoints;

using LiveChat.Gateway.Auth;
using Microsoft.Extensions.Options;

/// <summary>
/// How the consoles sign in. With Gateway:Auth:Authority set, at the OpenID Connect provider
/// (authorization code + PKCE in the browser; the config below tells them where). Otherwise, in
/// the embedded default only, the demo sign-in: any agent of the demo directory, no password.
/// </summary>
internal static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").AllowAnonymous().WithTags("Sign-in");
        // Public by nature: what a browser needs to start a sign-in (no secret: the consoles are a public client).
        auth.MapGet("/config", (IOptions<GatewayAuthOptions> options) =>
        {
            var o = options.Value;
            return o.UsesOidc
                ? new SignInConfig("oidc", o.Authority!.TrimEnd('/'), o.ClientId, o.Scope, o.Resource)
                : new SignInConfig(o.EnableDemoSignIn ? "demo" : "none", null, null, null, null);
        });
        auth.MapPost("/demo-sign-in", async (DemoSignInRequest body, IOptions<GatewayAuthOptions> options, IGrainFactory grains, TokenIssuer tokens) =>
        {
            if (!options.Value.EnableDemoSignIn)
                throw new RuleViolationException("Auth", RefusalKind.NotFound, "Demo sign-in exists only in the embedded development mode.");
            if (string.IsNullOrWhiteSpace(body.AgentId) || body.AgentId.Length > 128)
                throw new RuleViolationException("Auth", RefusalKind.Invalid, "Name the demo agent to sign in as.");
            var agent = (await grains.Agent(body.AgentId).Peek()).Found("Auth", $"agent '{body.AgentId}'");
            if (agent.Registration.Disabled) throw new RuleViolationException("Auth", RefusalKind.Forbidden, "This agent is disabled in the directory.");
            return new SignedIn(tokens.ForAgent(agent), agent);
        });
    }
}
