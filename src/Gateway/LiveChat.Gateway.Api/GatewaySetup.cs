namespace LiveChat.Gateway;

using System.Text.Json.Serialization;
using LiveChat.Gateway.Attachments;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Endpoints;
using LiveChat.Gateway.Errors;
using LiveChat.Gateway.Hardening;
using LiveChat.Gateway.OpenApi;
using LiveChat.Gateway.Realtime;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

/// <summary>The gateway as a table: services here, routes in Endpoints/, push in Realtime/.</summary>
public static class GatewaySetup
{
    public static IServiceCollection AddLiveChatGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayAuthOptions>().Bind(configuration.GetSection(GatewayAuthOptions.Section))
            .Validate(o => o.SigningKey is { Length: >= 32 }, "Gateway:Auth:SigningKey must be set to at least 32 characters.")
            .Validate(o => GatewayAuthOptions.AgentIdClaims.Contains(o.AgentIdClaim), "Gateway:Auth:AgentIdClaim must be sub, email or preferred_username.")
            .Validate(o => !o.UsesOidc || Uri.TryCreate(o.Authority, UriKind.Absolute, out _), "Gateway:Auth:Authority must be an absolute URL.")
            .Validate(o => !o.UsesOidc || o.Authority!.TrimEnd('/') != o.Issuer.TrimEnd('/'), "Gateway:Auth:Issuer (the gateway's own tokens) must differ from the provider's Authority.")
            .ValidateOnStart();
        services.AddLiveChatAttachmentStore(configuration);
        services.AddOptions<ManagementOptions>().Bind(configuration.GetSection(ManagementOptions.Section))
            .Validate(o => o.Port is > 0 and <= 65535 && !string.IsNullOrWhiteSpace(o.Address), "Gateway:Management needs a Port (1-65535) and an Address.")
            .ValidateOnStart();
        services.AddLiveChatRateLimits(configuration);
        services.AddLiveChatLogRedaction();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<DemoSignInSwitch>();
        services.AddOptions<VisitorIdentityOptions>().Bind(configuration.GetSection(VisitorIdentityOptions.Section))
            .Validate(o => o.Sites.All(s => s.Value.Secret is { Length: >= 32 }), "Every Gateway:Visitors:Sites:<site>:Secret must have at least 32 characters.")
            .Validate(o => o.MaxTokenLifetime > TimeSpan.Zero && o.MaxTokenLifetime <= TimeSpan.FromDays(1), "Gateway:Visitors:MaxTokenLifetime must be between 0 and one day.")
            .ValidateOnStart();
        services.AddSingleton<VisitorTokenVerifier>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoSignInSwitch>());
        services.AddSingleton<DirectoryEnforcer>();
        services.AddHostedService<AttachmentErasureWorker>();
        services.AddLiveChatAuthentication();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Problems raised outside a grain (no token, unknown route) still name what refused them.
            context.ProblemDetails.Extensions.TryAdd(ProblemMapping.RuleIdKey, context.ProblemDetails.Status switch
            {
                401 or 403 => "Auth",
                404 or 405 => "Route",
                _ => Rules.Request,
            });
        });
        // After the framework's writer: takes the problems it declines for an Accept without JSON.
        services.AddSingleton<IProblemDetailsWriter, JsonProblemFallbackWriter>();
        services.AddExceptionHandler<ProblemMapping>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // An enum travels by one of its names only: a number or a list of names would bind to a member nobody named.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new NamedEnumConverterFactory()));
        // Bodies are small (RequestBodyLimits raises the limit on attachment uploads only).
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = RequestBodyLimits.JsonBytes);
        services.AddOptions<FormOptions>().Configure<IOptions<AttachmentOptions>>((form, attachments) =>
            form.MultipartBodyLengthLimit = attachments.Value.MaxBytes + RequestBodyLimits.EnvelopeBytes);

        services.AddSignalR(o => o.AddFilter<HubRateLimitFilter>())
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        // Pushes name their connections (PushFanOut): sent by id, not by a pass over every connection.
        services.AddSingleton<HubLifetimeManager<LiveChatHub>, IndexedHubLifetimeManager<LiveChatHub>>();
        services.AddOptions<PushOptions>().Bind(configuration.GetSection(PushOptions.Section));
        services.AddSingleton<SubscriptionRegistry>();
        services.AddSingleton<PushFanOut>();
        services.AddSingleton<GrainEventBridge>();
        services.AddHostedService(sp => sp.GetRequiredService<GrainEventBridge>());
        services.AddSingleton<IClusterConnectionStatusObserver>(sp => new ClusterConnectionWatcher(sp.GetRequiredService<GrainEventBridge>()));
        services.AddLiveChatOpenApi();
        services.AddHealthChecks().AddCheck<ClusterReadyCheck>("cluster", tags: ["ready"])
            .AddCheck<AttachmentStoreReadyCheck>("attachments", tags: ["ready"]);
        return services;
    }

    public static WebApplication MapLiveChatGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        // Routing first: the port, body and rate-limit checks depend on the route.
        app.UseRouting();
        app.UseManagementPort();
        app.UseRequestBodyLimits();
        // An empty credential is refused, not taken for none.
        app.UseEmptyCredentialRefusal();
        // Authentication before the rate limiter: signed-in callers count per token subject.
        app.UseAuthentication();
        // Before the static files too: every request passes the global limit (a generous one).
        app.UseRateLimiter();
        // The web consoles (wwwroot: "/" end user, agent.html, supervisor.html) are public files;
        // everything they show comes from the API and the hub below, behind authentication.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthorization();

        var api = app.MapGroup("").AddEndpointFilter<RouteIdFilter>();
        api.MapAuthEndpoints();
        api.MapAgentEndpoints();
        api.MapChatEndpoints();
        api.MapInviteEndpoints();
        api.MapOfferEndpoints();
        api.MapAttachmentEndpoints();
        api.MapSupervisorEndpoints();
        api.MapEndUserEndpoints();
        api.MapAdminEndpoints();
        api.MapWebhookEndpoints();
        api.MapTranscriptDownloadEndpoints();
        api.MapSatisfactionEndpoints();
        api.MapDataProtectionEndpoints();
        app.MapHub<LiveChatHub>("/hubs/livechat");

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapApiReference();
        // Probes answer on the public port (kubelets, load balancers) and on the management port.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AlsoOnManagementPort();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AlsoOnManagementPort();
        return app;
    }
}
