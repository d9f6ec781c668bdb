// LiveChat load generator: each product path measured against a baseline in the same run.
// `dotnet run -c Release --project tests/LiveChat.LoadTest` (about 4 minutes); `--smoke` for seconds.
using LiveChat.LoadTest;
using LiveChat.LoadTest.Scenarios;

var options = LoadOptions.Parse(args);
var results = new List<Measurement>();
await using var cluster = await BenchCluster.Start();

async Task Step(string name, Func<Task> run)
{
    if (!options.Scenarios.Contains(name)) return;
    Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {name} ...");
    var stopwatch = Stopwatch.StartNew();
    await run();
    Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {name} done in {stopwatch.Elapsed.TotalSeconds:F1} s: {results[^1].Name} = {results[^1].Value:N2} {results[^1].Unit}");
}

await Step("message", async () => results.Add(await MessagePathScenario.Run(cluster, options)));
await Step("http", async () => results.AddRange(await HttpScenario.Run(cluster, options)));
await Step("invite", async () => results.Add(await InviteRoundTripScenario.Run(cluster, options)));
await Step("growth", async () => results.Add(await GrowthScenario.Run(cluster, options)));
await Step("search", async () => results.AddRange(await SearchScenario.Run(cluster, options)));
await Step("memory", async () => results.Add(await MemoryScenario.Run(cluster, options)));

await Report.Write(options.Output, results, options);
// The smoke run fails only when the tool is broken, never because the machine is slow.
var broken = results.Where(r => !(r.Value > 0) || !(r.Baseline > 0)).ToList();
if (broken.Count > 0)
{
    Console.Error.WriteLine($"Broken measurements: {string.Join(", ", broken.Select(b => b.Name))}");
    return 1;
}
return 0;
