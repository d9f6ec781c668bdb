namespace LiveChat.Gateway.Endpoints;

using LiveChat.Gateway.Auth;
using Microsoft.Extensions.Options;

/// <summary>
/// Sign-in for the embedded default only: any agent of the demo directory, no password. A real
/// deployment issues tokens from its identity provider with the same claims.
/// </summary>
internal static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").AllowAnonymous().WithTags("Sign-in");
        auth.MapPost("/demo-sign-in", async (DemoSignInRequest body, IOptions<GatewayAuthOptions> options, IGrainFactory grains, TokenIssuer tokens) =>
        {
            if (!options.Value.EnableDemoSignIn)
                throw new RuleViolationException("Auth", RefusalKind.NotFound, "Demo sign-in exists only in the embedded development mode.");
            if (string.IsNullOrWhiteSpace(body.AgentId) || body.AgentId.Length > 128)
                throw new RuleViolationException("Auth", RefusalKind.Invalid, "Name the demo agent to sign in as.");
            var agent = (await grains.Agent(body.AgentId).Peek()).Found("Auth", $"agent '{body.AgentId}'");
            if (agent.Registration.Disabled)
                throw new RuleViolationException("Auth", RefusalKind.Forbidden, $"The agent '{body.AgentId}' is disabled.");
            return new SignedIn(tokens.ForAgent(agent), agent);
        });
    }
}
