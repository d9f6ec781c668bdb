// The LiveChat gateway. Embedded (default): co-hosts the silo in this process (localhost
// clustering, SQLite state under ./data, demo directory) and enables the demo sign-in.
// Client (Gateway__Mode=Client): joins an existing cluster as an Orleans client, so several
// gateways can serve one cluster.
using System.Net;
using System.Security.Cryptography;
using LiveChat.Gateway;
using LiveChat.Gateway.Attachments;
using LiveChat.Gateway.Auth;
using LiveChat.Hosting;
using Orleans.Configuration;

var builder = WebApplication.CreateBuilder(args);
var mode = GatewayModes.Parse(builder.Configuration["Gateway:Mode"]);

if (mode == GatewayMode.Embedded)
{
    builder.UseOrleans(silo => silo.UseLiveChatEmbedded(builder.Configuration));
    var silo = builder.Configuration.GetSection(LiveChatSiloOptions.Section).Get<LiveChatSiloOptions>() ?? new LiveChatSiloOptions();
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
    var cluster = builder.Configuration.GetSection("Gateway:Cluster");
    var gateways = (cluster.GetSection("Gateways").Get<string[]>() ?? ["127.0.0.1:31000"]).Select(IPEndPoint.Parse).ToArray();
    builder.UseOrleansClient(client =>
    {
        client.UseStaticClustering(gateways);
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster["ClusterId"] ?? "livechat-dev";
            o.ServiceId = cluster["ServiceId"] ?? "livechat";
        });
    });
}

builder.Services.AddLiveChatGateway(builder.Configuration);
var app = builder.Build();
app.MapLiveChatGateway();
app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("LiveChat gateway ({Mode}) ready at {Urls}", mode, string.Join(", ", app.Urls)));
app.Run();

/// <summary>Visible to WebApplicationFactory in the gateway tests.</summary>
public partial class Program;
