namespace LiveChat.Gateway;

using System.Text.Json.Serialization;
using LiveChat.Gateway.Attachments;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Endpoints;
using LiveChat.Gateway.Errors;
using LiveChat.Gateway.Realtime;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

/// <summary>The gateway as a table: services here, routes in Endpoints/, push in Realtime/.</summary>
public static class GatewaySetup
{
    public static IServiceCollection AddLiveChatGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayAuthOptions>().Bind(configuration.GetSection(GatewayAuthOptions.Section))
            .Validate(o => o.SigningKey is { Length: >= 32 }, "Gateway:Auth:SigningKey must be set to at least 32 characters.")
            .ValidateOnStart();
        services.AddOptions<AttachmentOptions>().Bind(configuration.GetSection(AttachmentOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<AgentSessionCheck>();
        services.AddSingleton<DirectoryEnforcer>();
        services.TryAddSingleton<IAttachmentStore, FileAttachmentStore>();
        services.AddLiveChatAuthentication();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Problems raised outside a grain (no token, unknown route) still name what refused them.
            context.ProblemDetails.Extensions.TryAdd(ProblemMapping.RuleIdKey, context.ProblemDetails.Status switch
            {
                401 or 403 => "Auth",
                404 or 405 => "Route",
                _ => ProblemMapping.RequestRule,
            });
        });
        services.AddExceptionHandler<ProblemMapping>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        // Attachments are the largest bodies: 10 MB plus the multipart envelope.
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = 11 * 1024 * 1024);
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = 11 * 1024 * 1024);

        services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddSingleton<GrainEventBridge>();
        services.AddHostedService(sp => sp.GetRequiredService<GrainEventBridge>());
        services.AddSingleton<IClusterConnectionStatusObserver>(sp => new ClusterConnectionWatcher(sp.GetRequiredService<GrainEventBridge>()));
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<ClusterReadyCheck>("cluster", tags: ["ready"]);
        return services;
    }

    public static WebApplication MapLiveChatGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The web consoles (wwwroot: "/" end user, agent.html, supervisor.html) are public files;
        // everything they show comes from the API and the hub below, behind authentication.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();

        var api = app.MapGroup("").AddEndpointFilter<RouteIdFilter>();
        api.MapAuthEndpoints();
        api.MapAgentEndpoints();
        api.MapChatEndpoints();
        api.MapInviteEndpoints();
        api.MapAttachmentEndpoints();
        api.MapSupervisorEndpoints();
        api.MapEndUserEndpoints();
        api.MapAdminEndpoints();
        app.MapHub<LiveChatHub>("/hubs/livechat");

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}
