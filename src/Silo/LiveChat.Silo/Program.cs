// The LiveChat silo on its embedded default: localhost clustering, SQLite grain state under
// ./data, the demo directory seeded at first start. Settings: appsettings.json or environment
// (e.g. Silo__SiloPort=21112 Silo__DataFolder=/var/lib/livechat).
using LiveChat.Hosting;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.UseLiveChatEmbedded(builder.Configuration));
using var host = builder.Build();
await host.RunAsync();
