namespace LiveChat.Gateway.Auth;

using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

internal static class AuthenticationSetup
{
    public static void AddLiveChatAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<GatewayAuthOptions>, TimeProvider>((jwt, auth, time) =>
            {
                var options = auth.Value;
                jwt.MapInboundClaims = false;
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(new RememberingTokenHandler(time));
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Audience,
                    IssuerSigningKey = TokenIssuer.KeyOf(options),
                    NameClaimType = LiveChatClaims.Subject,
                    RoleClaimType = LiveChatClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                jwt.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on WebSockets: the hub takes the token from the query.
                    OnMessageReceived = context =>
                    {
                        var token = context.Request.Query["access_token"];
                        if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments("/hubs"))
                            context.Token = token;
                        return Task.CompletedTask;
                    },
                    // A valid token of a disabled or removed agent is refused at once (401).
                    OnTokenValidated = AgentSessionCheck.OnTokenValidated,
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(LiveChatClaims.AgentPolicy, p => p.RequireClaim(LiveChatClaims.Role, LiveChatClaims.AgentRole, LiveChatClaims.SupervisorRole))
            .AddPolicy(LiveChatClaims.SupervisorPolicy, p => p.RequireClaim(LiveChatClaims.Role, LiveChatClaims.SupervisorRole))
            .AddPolicy(LiveChatClaims.AdminPolicy, p => p.RequireClaim(LiveChatClaims.Role, LiveChatClaims.AdminRole))
            .AddPolicy(LiveChatClaims.EndUserPolicy, p => p.RequireClaim(LiveChatClaims.Role, LiveChatClaims.EndUserRole).RequireClaim(LiveChatClaims.Chat));
    }
}
