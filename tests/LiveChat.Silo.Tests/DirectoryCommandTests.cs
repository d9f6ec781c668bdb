namespace LiveChat.Silo.Tests;

using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

/// <summary>
/// The operator's "directory export/import FILE" command, run as the real silo program against a
/// running silo: export, edit the file, import; the changes are visible and audited as "import",
/// and a bad file changes nothing.
/// </summary>
public sealed class DirectoryCommandTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDataFolder _data = new();

    [Fact]
    public async Task Directory_export_edit_import_changes_the_directory_and_is_audited_as_import()
    {
        var settings = SiloSettings.Create(_data.Path);
        await using var silo = SiloProcess.Start(settings, "silo");
        await using var client = await silo.WaitReadyAsync(StartTimeout);
        // The demo directory is seeded as the silo becomes active: wait until it is there.
        await Wait.UntilAsync(async () => await client.Agent("ada").Peek() is not null, TimeSpan.FromSeconds(30), () => silo.Describe());
        var file = Path.Combine(_data.Path, "directory.json");

        Assert.Equal(0, await RunCommand(settings, "export", file));
        var directory = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        var bob = directory["agents"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "bob")!;
        Assert.Equal(["billing"], bob["queues"]!.AsArray().Select(q => q!.GetValue<string>()));
        bob["queues"]!.AsArray().Add("tech");
        bob["capacity"] = 5;
        directory["queues"]!.AsArray().Single(q => q!["id"]!.GetValue<string>() == "billing")!["name"] = "Billing Team";
        await File.WriteAllTextAsync(file, directory.ToJsonString());

        Assert.Equal(0, await RunCommand(settings, "import", file));
        var bobNow = await client.Agent("bob").GetSnapshot();
        Assert.Equal(["billing", "tech"], bobNow.Registration.Queues);
        Assert.Equal(5, bobNow.Settings.Capacity);
        Assert.Equal("Billing Team", (await client.Queue("billing").GetInfo())!.Definition.Name);
        var audit = (await client.Cluster.Directory().ReadAudit("ada", 0, 10)).Entries;
        Assert.Equal([("import", "agent:bob", DirectoryActions.UpdateAgent), ("import", "queue:billing", DirectoryActions.UpdateQueue)],
            audit.Take(2).Select(e => (e.ActorId, e.Target, e.Action)));
        Assert.Equal(["billing"], audit[0].AgentBefore!.Queues);

        // A file naming a queue that does not exist is refused whole: nothing changes.
        bob["lastName"] = "Changed";
        directory["agents"]!.AsArray().Add(JsonNode.Parse("""
            { "id": "zed", "firstName": "Zed", "lastName": "Z", "email": "zed@example.com", "role": "Agent",
              "permissions": [], "queues": [ "no-such-queue" ], "supervises": [] }
            """));
        await File.WriteAllTextAsync(file, directory.ToJsonString());
        Assert.Equal(1, await RunCommand(settings, "import", file));
        Assert.Equal("Baker", (await client.Agent("bob").GetSnapshot()).Registration.Profile.LastName);
        Assert.Null(await client.Agent("zed").Peek());
    }

    /// <summary>Runs "LiveChat.Silo directory VERB FILE" with the silo's own settings; returns its exit code.</summary>
    private async Task<int> RunCommand(SiloSettings settings, string verb, string file)
    {
        var info = new ProcessStartInfo(SiloLocator.DotnetHost)
        {
            WorkingDirectory = Path.GetDirectoryName(SiloLocator.SiloAssemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { SiloLocator.SiloAssemblyPath, "directory", verb, file }) info.ArgumentList.Add(argument);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("Silo__", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(key);
        foreach (var (key, value) in settings.Environment) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        ChildProcesses.Track(process);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        output.WriteLine($"directory {verb}: exit {process.ExitCode}\n{await stdout}{await stderr}");
        return process.ExitCode;
    }

    public void Dispose() => _data.Dispose();
}
