namespace LiveChat.LoadTest;

using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

/// <summary>Writes the results as JSON and as the Markdown table the README shows.</summary>
public static class Report
{
    public static async Task Write(string folder, IReadOnlyList<Measurement> results, LoadOptions options)
    {
        Directory.CreateDirectory(folder);
        var machine = $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
        var commit = Commit();
        var date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(Path.Combine(folder, "results.json"), JsonSerializer.Serialize(new
        {
            date, commit, machine, rateLimits = BenchCluster.RateLimitsEnabled, smoke = options.Smoke, durationSeconds = options.Duration.TotalSeconds, options.Chats, options.Concurrency, results,
        }, new JsonSerializerOptions
        {
            WriteIndented = true,
            // A broken row (nothing measured: NaN) is still written, and the run then fails on it.
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        }));

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {date} on {machine}, commit `{commit}`{(options.Smoke ? " (smoke run: too short to quote)" : "")}.");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Gateway rate limits: {(BenchCluster.RateLimitsEnabled ? "on" : "off (`Gateway:RateLimits:Enabled=false`: a load generator is what they stop)")}.");
        md.AppendLine();
        md.AppendLine("| path | value | baseline (same run) | ratio | target | met | notes |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in results)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Value:N2} {r.Unit} | {r.BaselineName}: {r.Baseline:N2} | {r.Ratio:N3} | {r.Target} | {(r.Met ? "yes" : "**no**")} | {r.Notes} |");
        await File.WriteAllTextAsync(Path.Combine(folder, "results.md"), md.ToString());
        Console.WriteLine();
        Console.WriteLine(md.ToString());
    }

    public static string Commit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
