namespace LiveChat.Azure.Tests;

using System.Globalization;
using LiveChat.Hosting;
using LiveChat.Testing.Processes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

/// <summary>
/// A silo host as the silo program builds one (<c>UseOrleans(s => s.UseLiveChatSilo(configuration))</c>),
/// configured by the given settings only: no appsettings.json or environment variables leak in.
/// </summary>
public static class SiloHost
{
    /// <summary>The host, built but not started: configuration errors surface here.</summary>
    public static IHost Build(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo => silo.UseLiveChatSilo(builder.Configuration));
        return builder.Build();
    }

    /// <summary>A started host on its own free loopback ports (never 11111/30000); disposing it does not stop it.</summary>
    public static async Task<IHost> Start(IReadOnlyDictionary<string, string?> settings)
    {
        var ports = FreePorts.Take(2);
        var (siloPort, gatewayPort) = (ports[0], ports[1]);
        var withPorts = new Dictionary<string, string?>(settings)
        {
            ["Silo:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Silo:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
        };
        var host = Build(withPorts);
        try
        {
            // Returns once the silo is active, which includes seeding the demo directory.
            await host.StartAsync();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
