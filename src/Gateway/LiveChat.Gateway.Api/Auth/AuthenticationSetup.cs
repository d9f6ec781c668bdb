namespace LiveChat.Gateway.Auth;

using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// Two token sources behind one default scheme. <see cref="GatewayScheme"/>: the gateway's own
/// HMAC tokens (end users' chat tokens, the demo sign-in). <see cref="ProviderScheme"/>, when
/// Gateway:Auth:Authority is set: an OpenID Connect provider's access tokens (issuer and keys
/// from its discovery document, asymmetric algorithms only). The default <see cref="Scheme"/>
/// sends a token to the one whose issuer it claims; each then validates issuer, audience,
/// lifetime and signature itself, so the choice grants nothing. Every agent token, from either
/// source, then names an agent of the directory, whose role and permissions replace whatever
/// roles the token carried (<see cref="DirectoryIdentity"/>).
/// </summary>
internal static class AuthenticationSetup
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;
    public const string GatewayScheme = "LiveChat";
    public const string ProviderScheme = "OpenIdConnect";

    private static readonly string[] AsymmetricAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public static void AddLiveChatAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<DirectoryIdentity>();
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Gateway or provider token", policy => { })
            .AddJwtBearer(GatewayScheme)
            .AddJwtBearer(ProviderScheme);
        services.AddOptions<PolicySchemeOptions>(Scheme).Configure<IOptions<GatewayAuthOptions>>((policy, auth) =>
            policy.ForwardDefaultSelector = context => SchemeFor(context.Request, auth.Value));

        services.AddOptions<JwtBearerOptions>(GatewayScheme)
            .Configure<IOptions<GatewayAuthOptions>, TimeProvider>((jwt, auth, time) =>
            {
                var options = auth.Value;
                Common(jwt, time);
                jwt.TokenValidationParameters = Parameters(options.Audience);
                jwt.TokenValidationParameters.ValidIssuer = options.Issuer;
                jwt.TokenValidationParameters.IssuerSigningKey = TokenIssuer.KeyOf(options);
                jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            });
        services.AddOptions<JwtBearerOptions>(ProviderScheme)
            .Configure<IOptions<GatewayAuthOptions>, TimeProvider>((jwt, auth, time) =>
            {
                var options = auth.Value;
                Common(jwt, time);
                jwt.TokenValidationParameters = Parameters(options.Audience);
                jwt.TokenValidationParameters.ValidAlgorithms = AsymmetricAlgorithms;
                if (!options.UsesOidc) return;
                jwt.Authority = options.Authority;
                jwt.Audience = options.Audience;
                jwt.RequireHttpsMetadata = options.RequireHttpsMetadata ?? !IsLoopback(options.Authority!);
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(LiveChatClaims.AgentPolicy, p => p.RequireClaim(LiveChatClaims.Role, LiveChatClaims.AgentRole, LiveChatClaims.SupervisorRole))
            .AddPolicy(LiveChatClaims.SupervisorPolicy, p => p.RequireClaim(LiveChatClaims.Role, LiveChatClaims.SupervisorRole))
            .AddPolicy(LiveChatClaims.ReportsPolicy, p => p.RequireClaim(LiveChatClaims.Role, LiveChatClaims.SupervisorRole, LiveChatClaims.AdminRole))
            .AddPolicy(LiveChatClaims.AdminPolicy, p => p.RequireClaim(LiveChatClaims.Role, LiveChatClaims.AdminRole))
            .AddPolicy(LiveChatClaims.EndUserPolicy, p => p.RequireClaim(LiveChatClaims.Role, LiveChatClaims.EndUserRole).RequireClaim(LiveChatClaims.Chat));
    }

    private static TokenValidationParameters Parameters(string audience) => new()
    {
        ValidAudience = audience,
        NameClaimType = LiveChatClaims.Subject,
        RoleClaimType = LiveChatClaims.Role,
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    private static void Common(JwtBearerOptions jwt, TimeProvider time)
    {
        jwt.MapInboundClaims = false;
        jwt.TokenHandlers.Clear();
        // One handler per scheme: a token remembered by one is never served by the other.
        jwt.TokenHandlers.Add(new RememberingTokenHandler(time));
        jwt.Events = new JwtBearerEvents
        {
            // Browsers cannot set headers on WebSockets: the hub takes the token from the query.
            OnMessageReceived = context =>
            {
                if (HubQueryToken(context.Request) is { } token) context.Token = token;
                return Task.CompletedTask;
            },
            OnTokenValidated = ResolveAgent,
            OnChallenge = ExplainDirectoryRefusal,
        };
    }

    /// <summary>The agent named by a validated token, as the directory has it; end users' chat tokens pass as they are.</summary>
    private static async Task ResolveAgent(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var fromGateway = context.Scheme.Name == GatewayScheme;
        if (fromGateway && principal.IsEndUser()) return;
        var auth = context.HttpContext.RequestServices.GetRequiredService<IOptions<GatewayAuthOptions>>().Value;
        // The gateway's own tokens name the agent by id; a provider's by the configured claim.
        var claim = fromGateway ? LiveChatClaims.Subject : auth.AgentIdClaim;
        var directory = context.HttpContext.RequestServices.GetRequiredService<DirectoryIdentity>();
        var (agent, refusal) = await directory.Resolve(claim, principal.FindFirst(claim)?.Value ?? "");
        if (agent is null)
        {
            context.Fail(new DirectoryRefusal(refusal!));
            return;
        }
        context.Principal = DirectoryIdentity.PrincipalOf(agent, context.Scheme.Name);
    }

    /// <summary>A token that is valid but names no usable agent: the 401 says so.</summary>
    private static async Task ExplainDirectoryRefusal(JwtBearerChallengeContext context)
    {
        if (context.AuthenticateFailure is not DirectoryRefusal refusal) return;
        context.HandleResponse();
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = refusal.Message,
            },
        });
    }

    /// <summary>Which scheme validates this request's token: the provider's unless the token claims the gateway's own issuer.</summary>
    private static string SchemeFor(HttpRequest request, GatewayAuthOptions options)
    {
        if (!options.UsesOidc) return GatewayScheme;
        var token = HubQueryToken(request) ?? BearerToken(request);
        if (token is null) return GatewayScheme;
        try
        {
            return new JsonWebToken(token).Issuer == options.Issuer ? GatewayScheme : ProviderScheme;
        }
        catch (ArgumentException)
        {
            return GatewayScheme; // not a JWT: refused there like any other malformed token
        }
    }

    private static string? HubQueryToken(HttpRequest request)
    {
        var token = request.Query["access_token"].ToString();
        return !string.IsNullOrEmpty(token) && request.Path.StartsWithSegments("/hubs") ? token : null;
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static bool IsLoopback(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)));

    /// <summary>Why a valid token was still refused: its agent is unknown or disabled.</summary>
    private sealed class DirectoryRefusal(string message) : Exception(message);
}
