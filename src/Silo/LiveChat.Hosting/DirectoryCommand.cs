namespace LiveChat.Hosting;

using LiveChat.Errors;
using LiveChat.Grains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using StackExchange.Redis;

/// <summary>
/// "directory export FILE" and "directory import FILE": the directory as a JSON file in the demo
/// directory's format. The command joins the running cluster as an Orleans client, found through
/// the silo's own settings (Silo:Clustering, Silo:GatewayPort, Silo:ClusterId, Silo:ServiceId,
/// Silo:Redis): the embedded gateway's co-hosted silo or a silo cluster must be running. An
/// import goes through the directory grain like an admin's change: validated in full first (a
/// bad file changes nothing) and audited with the operator "import".
/// </summary>
public static class DirectoryCommand
{
    public const string ImportOperator = "import";
    public const string Usage = "usage: LiveChat.Silo directory export FILE | directory import FILE";

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "directory";

    /// <summary>Runs the command; returns the process exit code (0 done, 1 refused or failed, 2 usage).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        if (args.Length < 3 || args[1] is not ("import" or "export"))
        {
            await errors.WriteLineAsync(Usage);
            return 2;
        }
        var (verb, path) = (args[1], Path.GetFullPath(args[2]));
        DemoDirectory? file = null;
        if (verb == "import")
        {
            try
            {
                file = DemoDirectory.Load(path);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidDataException)
            {
                await errors.WriteLineAsync($"Cannot read the directory file '{path}': {error.Message}");
                return 1;
            }
        }

        var builder = Host.CreateApplicationBuilder(args[3..]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var silo = builder.Configuration.ReadSiloOptions();
        builder.UseOrleansClient(client => ConnectTo(client, silo));
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch (Exception error)
        {
            await errors.WriteLineAsync($"Cannot reach the cluster (is the gateway or silo running?): {error.Message}");
            return 1;
        }
        try
        {
            var directory = host.Services.GetRequiredService<IClusterClient>().Directory();
            if (file is null)
            {
                var content = await directory.Export();
                DemoDirectory.Of(content).Save(path);
                await output.WriteLineAsync($"Exported {content.Queues.Count} queues and {content.Agents.Count} agents to {path}");
            }
            else
            {
                var result = await directory.Import(ImportOperator, file.Content, onlyMissing: false);
                await output.WriteLineAsync($"Imported {path}: {result.Created} created, {result.Updated} updated, {result.Unchanged} unchanged");
            }
            return 0;
        }
        catch (RuleViolationException refusal)
        {
            await errors.WriteLineAsync($"Refused, nothing changed: {refusal.Message}");
            return 1;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static void ConnectTo(IClientBuilder client, LiveChatSiloOptions silo)
    {
        if (silo.Clustering == SiloClustering.Redis)
        {
            var redis = RedisConnection.Options(silo.Redis, "Silo:Redis", "Silo:Clustering=Redis");
            client.UseRedisClustering(o => o.ConfigurationOptions = redis);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = silo.ClusterId;
                o.ServiceId = silo.ServiceId;
            });
        }
        else
        {
            client.UseLocalhostClustering(silo.GatewayPort, silo.ServiceId, silo.ClusterId);
        }
    }
}
