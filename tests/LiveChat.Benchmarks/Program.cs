using BenchmarkDotNet.Running;
using LiveChat.Benchmarks;

// dotnet run -c Release --project tests/LiveChat.Benchmarks [-- BenchmarkDotNet options] [--smoke]
var smoke = args.Contains("--smoke");
var options = args.Where(a => a != "--smoke").ToList();
// Without a filter BenchmarkDotNet asks which benchmarks to run on standard input; CI has none.
if (!options.Any(a => a is "--filter" or "-f")) options.AddRange(["--filter", "*"]);

var artifacts = Path.Combine(RepositoryRoot(), "artifacts", "benchmarks", smoke ? "smoke" : "");
var config = smoke ? BenchmarkConfigs.Smoke(artifacts) : BenchmarkConfigs.Measured(artifacts);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. options], config).ToList();

// BenchmarkDotNet returns normally when a benchmark throws or a validator refuses a class; the
// exit code is what tells CI.
var ran = summaries.Sum(s => s.Reports.Length);
var failed = summaries.Where(s => s.HasCriticalValidationErrors).Select(s => $"validation: {s.Title}")
    .Concat(summaries.SelectMany(s => s.Reports).Where(r => !r.Success).Select(r => $"failed: {r.BenchmarkCase.DisplayInfo}"))
    .ToList();
var onlyListing = options.Any(a => a is "--list" or "--help" or "-h" or "--info" or "--version");
if (ran == 0 && !onlyListing) failed.Add("no benchmark ran");
foreach (var failure in failed) Console.Error.WriteLine(failure);
return failed.Count == 0 ? 0 : 1;

// The artifacts folder at the repository root, wherever the command is run from; the working
// directory when not inside the repository (a copied build).
static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "LiveChat.Orleans.sln"))) return dir.FullName;
    }
    return Directory.GetCurrentDirectory();
}
