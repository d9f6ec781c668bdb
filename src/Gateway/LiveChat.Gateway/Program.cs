// The LiveChat gateway. Embedded (default): co-hosts the silo in this process (localhost
// clustering, SQLite state under ./data, demo directory) and enables the demo sign-in; the
// "Silo" section can make that silo a member of a Redis cluster instead.
// Client (Gateway__Mode=Client): joins an existing cluster as an Orleans client, so several
// gateways can serve one cluster: a static list of silo gateways (Gateway__Cluster__Gateways__0=...)
// or the silos' Redis membership (Gateway__Cluster__Clustering=Redis, Gateway__Cluster__Redis__ConnectionString=...).
// Both modes serve /metrics (Prometheus text) on the management port only (Gateway__Management__Port,
// default 9464 on 127.0.0.1) and, with Gateway__Dashboard=true, the Orleans
// Dashboard at /dashboard for supervisors. Attachments are files (default) or, with
// Gateway__Attachments__Store=AzureBlobs and Gateway__Attachments__AzureBlobs__ConnectionString=...,
// blobs in an Azure Storage container that every gateway shares.
using System.Security.Cryptography;
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
    builder.UseOrleans(silo => silo.UseLiveChatSilo(builder.Configuration, addDashboard: dashboard));
    var silo = builder.Configuration.ReadSiloOptions();
    builder.Services.PostConfigure<GatewayAuthOptions>(auth =>
    {
        auth.EnableDemoSignIn = true;
        // A fresh key per start when none is set: demo tokens simply end with the process.
        auth.SigningKey ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    });
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

// Before AddLiveChatGateway: the store chosen here replaces its default file store.
builder.Services.AddLiveChatAttachmentStore(builder.Configuration);
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
