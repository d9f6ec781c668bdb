namespace LiveChat.Gateway.Tests;

using System.Diagnostics;
using LiveChat.Testing.Processes;

/// <summary>
/// Spectral (npm @stoplight/spectral-cli, pinned in tests/Spectral/package-lock.json, installed by
/// scripts/install-spectral.sh) with the ruleset in tests/Spectral/.spectral.yaml (spectral:oas).
/// Missing, the test is skipped, except in CI (CI=true), where that is a failure.
/// </summary>
public static class SpectralLinter
{
    public static string Folder { get; } = Path.Combine(SiloLocator.RepositoryRoot, "tests", "Spectral");
    public static string Executable { get; } = Path.Combine(Folder, "node_modules", ".bin", "spectral");
    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips (or fails in CI) when spectral is not installed.</summary>
    public static void EnsureInstalled()
    {
        if (File.Exists(Executable)) return;
        var missing = $"{Executable} is missing: run scripts/install-spectral.sh (npm).";
        if (IsCi) throw new InvalidOperationException(missing);
        Skip.If(true, missing);
    }

    public sealed record Finding(string Code, string Message, int Severity, string Path)
    {
        public override string ToString() => $"{(Severity == 0 ? "error" : "warning")} {Code} at {Path}: {Message}";
    }

    /// <summary>Lints one OpenAPI document; answers every finding of severity error (0) or warning (1).</summary>
    public static async Task<IReadOnlyList<Finding>> Lint(string documentJson)
    {
        var file = Path.Combine(Path.GetTempPath(), $"livechat-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, documentJson);
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                ArgumentList = { "lint", file, "--ruleset", Path.Combine(Folder, ".spectral.yaml"), "--format", "json", "--quiet", "--fail-severity", "error" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Folder,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("spectral did not start.");
            ChildProcesses.Track(process);
            try
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var errors = process.StandardError.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                await process.WaitForExitAsync(timeout.Token);
                var json = (await output).Trim();
                // Exit 0 (clean) or 1 (findings at fail severity); anything else is spectral failing, not the document.
                if (process.ExitCode is not (0 or 1) || !json.StartsWith('['))
                    throw new InvalidOperationException($"spectral exited {process.ExitCode}: {await errors}\n{json}");
                return JsonDocument.Parse(json).RootElement.EnumerateArray()
                    .Select(r => new Finding(r.GetProperty("code").GetString()!, r.GetProperty("message").GetString()!,
                        r.GetProperty("severity").GetInt32(), string.Join('.', r.GetProperty("path").EnumerateArray().Select(p => p.ToString()))))
                    .Where(f => f.Severity <= 1)
                    .ToList();
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                ChildProcesses.Forget(process);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
