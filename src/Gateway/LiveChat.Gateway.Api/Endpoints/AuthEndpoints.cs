namespace LiveChat.Gateway.Endpoints;

using LiveChat.Gateway.Auth;
using LiveChat.Gateway.OpenApi;
using LiveChat.Gateway.Hardening;
using Microsoft.Extensions.Options;

/// <summary>
/// How the consoles sign in. With Gateway:Auth:Authority set, at the OpenID Connect provider
/// (authorization code + PKCE in the browser; the config below tells them where). The demo
/// sign-in (any agent of the directory, no password) is for local trials: on only where
/// <see cref="DemoSignInSwitch"/> says so (loopback without a provider, or explicitly).
/// </summary>
internal static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").AllowAnonymous().WithTags("Sign-in");
        // Public by nature: what a browser needs to start a sign-in (no secret: the consoles are a public client).
        auth.MapGet("/config", (IOptions<GatewayAuthOptions> options, DemoSignInSwitch demo) =>
        {
            var o = options.Value;
            return o.UsesOidc
                ? new SignInConfig("oidc", o.Authority!.TrimEnd('/'), o.ClientId, o.Scope, o.Resource)
                : new SignInConfig(demo.IsEnabled ? "demo" : "none", null, null, null, null);
        }).Describe("getSignInConfig", "How to sign in", "",
            "mode \"oidc\" with the provider's authority, client id, scope and resource (authorization code + PKCE in the browser), \"demo\" (local trials) or \"none\".");
        auth.MapPost("/demo-sign-in", async (DemoSignInRequest body, DemoSignInSwitch demo, IGrainFactory grains, TokenIssuer tokens) =>
        {
            if (!demo.IsEnabled)
                throw new RuleViolationException(Rules.Auth, RefusalKind.NotFound,
                    "Demo sign-in is off: it is on only while the gateway listens on loopback, or with Gateway:Auth:EnableDemoSignIn=true.");
            if (string.IsNullOrWhiteSpace(body.AgentId) || body.AgentId.Length > ChatLimits.MaxIdLength)
                throw new RuleViolationException(Rules.Auth, RefusalKind.Invalid, "Name the demo agent to sign in as.");
            var agent = (await grains.Agent(body.AgentId).Peek()).Found(Rules.Auth, $"agent '{body.AgentId}'");
            if (agent.Registration.Disabled)
                throw new RuleViolationException(Rules.Auth, RefusalKind.Forbidden, $"The agent '{body.AgentId}' is disabled.");
            return new SignedIn(tokens.ForAgent(agent), agent);
        }).RequireRateLimiting(RateLimitPolicies.SignIn)
            .Describe("demoSignIn", "Sign in as a demo agent", Rules.Auth,
                "Local trials only (on while the gateway listens on loopback alone and has no OpenID provider, or when enabled explicitly): a token for an agent of the directory, no password.", 403, 404);
    }
}
