// The LiveChat silo. Without settings it runs the embedded default: localhost clustering, SQLite
// grain state under ./data, the demo directory seeded at first start. Configuration chooses the
// rest (appsettings.json or environment, see LiveChatSiloOptions):
//   Silo__Clustering=Redis Silo__Storage=Redis Silo__Redis__ConnectionString=127.0.0.1:6379
//   Silo__AdvertisedIP=10.0.0.5 Silo__SiloPort=21111 Silo__GatewayPort=31000
//   Silo__HttpPort=8081: also serve /health/live, /health/ready and /metrics on that port.
//   Silo__Redis__Password=… (from a secret), Silo__Redis__UseTls=true: a secured Redis.
//   Silo__Tls__Enabled=true Silo__Tls__CertificatePath=tls.crt Silo__Tls__KeyPath=tls.key
//     Silo__Tls__CaCertificatePath=ca.crt: mutual TLS between silos and from clients.
// Operations: "directory export FILE" / "directory import FILE" join the running cluster (found
// through the same settings) as a client and export or import the directory (DirectoryCommand).
using System.Globalization;
using LiveChat.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

if (DirectoryCommand.Matches(args)) return await DirectoryCommand.RunAsync(args, Console.Out, Console.Error);

var plain = Host.CreateApplicationBuilder(args);
var options = plain.Configuration.ReadSiloOptions();

if (options.HttpPort is not { } httpPort)
{
    plain.UseOrleans(silo => silo.UseLiveChatSilo(plain.Configuration));
    using var host = plain.Build();
    await host.RunAsync();
}
else
{
    // The same configuration sources, with Kestrel on the HTTP port for probes and scrapes.
    var builder = WebApplication.CreateBuilder(args);
    var address = options.ListenOnAnyHostAddress ? "0.0.0.0" : "127.0.0.1";
    builder.WebHost.UseUrls($"http://{address}:{httpPort.ToString(CultureInfo.InvariantCulture)}");
    builder.UseOrleans(orleans => orleans.UseLiveChatSilo(builder.Configuration));
    builder.Services.AddLiveChatSiloHealth();
    builder.Services.AddLiveChatMetrics();
    var app = builder.Build();
    app.MapLiveChatSiloHealth();
    app.MapLiveChatMetrics();
    await app.RunAsync();
}
return 0;
