// The LiveChat gateway. Embedded (default): co-hosts the silo in this process (localhost
// clustering, SQLite state under ./data, demo directory, a signing key kept in ./data); the demo
// sign-in is on while the gateway listens on loopback only (or when set explicitly); the
// "Silo" section can make that silo a member of a Redis cluster instead.
// Client (Gateway__Mode=Client): joins an existing cluster as an Orleans client, so several
// gateways can serve one cluster: a static list of silo gateways (Gateway__Cluster__Gateways__0=...)
// or the silos' Redis membership (Gateway__Cluster__Clustering=Redis, Gateway__Cluster__Redis__ConnectionString=...).
// Silos running with Silo__Tls need Gateway__Cluster__Tls__* (mutual TLS, a certificate of their CA);
// a Redis with a password needs Gateway__Cluster__Redis__Password.
// Both modes bound a grain call to Gateway__Cluster__ResponseTimeout (default 5 s): past it, or while
// the cluster cannot be reached, the API answers 503 problems (rule id Unavailable) with Retry-After.
// Both modes serve /metrics (Prometheus text) on the management port only (Gateway__Management__Port,
// default 9464 on 127.0.0.1) and, with Gateway__Dashboard=true, the Orleans
// Dashboard at /dashboard for supervisors. Attachments are files (default) or, with
// Gateway__Attachments__Store=AzureBlobs and Gateway__Attachments__AzureBlobs__ConnectionString=...,
// blobs in an Azure Storage container that every gateway shares.
using LiveChat.Gateway;
using LiveChat.Gateway.Attachments;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Hardening;
using LiveChat.Hosting;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
var mode = GatewayModes.Parse(builder.Configuration["Gateway:Mode"]);
var dashboard = builder.Configuration.GetValue<bool>("Gateway:Dashboard");

if (mode == GatewayMode.Embedded)
{
    builder.UseOrleans(silo => silo.UseLiveChatSilo(builder.Configuration, addDashboard: dashboard).AddGatewayCallTimeout(builder.Configuration));
    var silo = builder.Configuration.ReadSiloOptions();
    // No key configured: the one generated at the first start and kept in the data folder, so a
    // restart signs nobody out (agents, and customers in the middle of a chat).
    if (string.IsNullOrEmpty(builder.Configuration[$"{GatewayAuthOptions.Section}:SigningKey"]))
    {
        var signingKey = EmbeddedSigningKey.LoadOrCreate(silo.DataFolder);
        builder.Services.PostConfigure<GatewayAuthOptions>(auth => auth.SigningKey ??= signingKey);
    }
    if (builder.Configuration[$"{AttachmentOptions.Section}:Folder"] is null)
        builder.Services.PostConfigure<AttachmentOptions>(o => o.Folder = Path.Combine(silo.DataFolder, "attachments"));
}
else
{
    builder.UseOrleansClient(client =>
    {
        client.UseLiveChatCluster(builder.Configuration);
        // The silos need Silo__Dashboard=true for the dashboard to show them.
        if (dashboard) client.AddDashboard();
    });
}

builder.Services.AddLiveChatGateway(builder.Configuration);
builder.Services.AddLiveChatMetrics();
var app = builder.Build();
app.MapLiveChatGateway();
app.MapLiveChatMetrics().OnlyOnManagementPort();
app.ListenOnManagementPort();
if (dashboard) app.MapOrleansDashboard("/dashboard").RequireAuthorization(LiveChatClaims.SupervisorPolicy);
app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("LiveChat gateway ({Mode}) ready at {Urls}", mode, string.Join(", ", app.Urls)));
app.Run();

/// <summary>Visible to WebApplicationFactory in the gateway tests.</summary>
public partial class Program;
