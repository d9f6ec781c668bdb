// LiveChat load generator: each product path measured against a baseline in the same run.
// `dotnet run -c Release --project tests/LiveChat.LoadTest` (about 8 minutes); `--smoke` for seconds.
using System.Runtime.InteropServices;
using LiveChat.LoadTest;
using LiveChat.LoadTest.Scenarios;
using LiveChat.Testing.Processes;

var options = LoadOptions.Parse(args);
if (await PromptTiering.RunSelfIfNeeded(args) is { } exitCode) return exitCode;
var results = new List<Measurement>();
// Ctrl+C and SIGTERM: the Orleans hosts inside catch both to shut down gracefully, which a run that
// only started them never notices. End the run at once instead, the scale-out scenario's silo and
// Redis processes with it.
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Abandon);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Abandon);

async Task Step(string name, Func<Task> run)
{
    if (!options.Scenarios.Contains(name)) return;
    Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {name} ...");
    var stopwatch = Stopwatch.StartNew();
    var before = results.Count;
    var load = new MachineLoad();
    load.Sample();
    // A line every 15 s, so a long scenario shows it is alive; the machine's load sampled with it.
    using (new Timer(_ =>
    {
        load.Sample();
        Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {name}: {stopwatch.Elapsed.TotalSeconds:F0} s, load average {MachineLoad.Now():F1}");
    }, null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15)))
    {
        await run();
    }
    load.Sample();
    // Each row says how busy the machine was while it was measured (it shares its cores with other work).
    if (load.Summary() is { } busy)
        for (var i = before; i < results.Count; i++) results[i] = results[i] with { Notes = $"{results[i].Notes}; {busy}" };
    var outcome = results.Count > before ? $"{results[^1].Name} = {results[^1].Value:N2} {results[^1].Unit}" : "no results row";
    Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {name} done in {stopwatch.Elapsed.TotalSeconds:F1} s: {outcome}");
}

string[] inProcess = ["message", "http", "invite", "growth", "search", "fanout", "memory", "queue"];
if (options.Scenarios.Overlaps(inProcess))
{
    // Stopped before the scale-out scenario, whose silo processes should not share the cores with it.
    await using var cluster = await BenchCluster.Start();
    await Step("message", async () => results.Add(await MessagePathScenario.Run(cluster, options)));
    await Step("http", async () => results.AddRange(await HttpScenario.Run(cluster, options)));
    await Step("invite", async () => results.AddRange(await InviteRoundTripScenario.Run(cluster, options)));
    await Step("growth", async () => results.Add(await GrowthScenario.Run(cluster, options)));
    await Step("search", async () => results.AddRange(await SearchScenario.Run(cluster, options)));
    // Only when named (`--scenarios fanout`): thousands of connections, never in the default run or the smoke.
    await Step("fanout", async () => results.Add(await FanOutScenario.Run(cluster, options)));
    await Step("memory", async () => results.AddRange(await MemoryScenario.Run(cluster, options)));
    await Step("queue", async () => results.Add(await QueueDepthScenario.Run(cluster, options)));
}
// A cluster of its own, started after the one above has stopped (see CeilingScenario).
await Step("ceiling", async () => results.AddRange(await CeilingScenario.Run(options)));
await Step("scaleout", async () =>
{
    if (await ScaleOutScenario.Run(options) is { } measurement) results.Add(measurement);
});

await Step("failover", async () =>
{
    if (await FailoverScenario.Run(options) is { } measurement) results.Add(measurement);
});

// Only when named (`--scenarios soak`): half an hour per target, never in the default run or the smoke.
var soakFailed = false;
await Step("soak", async () =>
{
    var verdicts = await SoakScenario.Run(options);
    soakFailed = verdicts.Any(v => !v.Verdict.Passed);
});

// A soak-only run leaves results.json/.md (the README's Performance table) as they are.
if (results.Count > 0) await Report.Write(options.Output, results, options);
// The smoke run fails only when the tool is broken, never because the machine is slow.
var broken = results.Where(r => !(r.Value > 0) || !(r.Baseline > 0)).ToList();
if (broken.Count > 0)
{
    Console.Error.WriteLine($"Broken measurements: {string.Join(", ", broken.Select(b => b.Name))}");
    return 1;
}
return soakFailed ? 2 : 0;

static void Abandon(PosixSignalContext context)
{
    ChildProcesses.KillAll();
    Console.Error.WriteLine($"{context.Signal}: run abandoned, child processes killed.");
    Environment.Exit(context.Signal == PosixSignal.SIGINT ? 130 : 143);
}
