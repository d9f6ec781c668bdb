namespace LiveChat.Gateway.Tests;

using System.Diagnostics;
using LiveChat.Testing.Processes;

/// <summary>
/// The web consoles' JavaScript is type-checked against the API: openapi-typescript generates the
/// API's types from the committed OpenAPI document (kept equal to the served one by
/// <see cref="CommittedOpenApiDocumentTests"/>) and <c>tsc --noEmit</c> checks wwwroot/js with
/// checkJs (tests/WebTypes/tsconfig.json), so an API change that breaks a page fails here: every
/// file under wwwroot/js is checked. Tools from scripts/install-web-types.sh;
/// missing, the test is skipped, except in CI (CI=true), where that is a failure.
/// </summary>
public sealed class WebConsoleTypeCheckTests
{
    private static readonly string Folder = Path.Combine(SiloLocator.RepositoryRoot, "tests", "WebTypes");

    [SkippableFact]
    public async Task The_web_consoles_type_check_against_the_API_types_generated_from_the_committed_document()
    {
        var tools = Path.Combine(Folder, "node_modules", ".bin");
        if (!File.Exists(Path.Combine(tools, "tsc")) || !File.Exists(Path.Combine(tools, "openapi-typescript")))
        {
            var missing = $"TypeScript or openapi-typescript is missing in {tools}: run scripts/install-web-types.sh (npm).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException(missing);
            Skip.If(true, missing);
        }

        var generated = await Run(Path.Combine(tools, "openapi-typescript"),
            Path.Combine(SiloLocator.RepositoryRoot, "src", "Clients", "openapi", "v1.json"),
            "-o", Path.Combine(SiloLocator.RepositoryRoot, "src", "Gateway", "LiveChat.Gateway", "ClientApp", "types", "api.d.ts"));
        Assert.True(generated.ExitCode == 0, $"openapi-typescript exited {generated.ExitCode}:\n{generated.Output}");

        var checkedJs = await Run(Path.Combine(tools, "tsc"), "--noEmit", "--pretty", "false", "-p", Path.Combine(Folder, "tsconfig.json"));
        Assert.True(checkedJs.ExitCode == 0, $"tsc found errors in the web consoles:\n{checkedJs.Output}");
    }

    private static async Task<(int ExitCode, string Output)> Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        ChildProcesses.Track(process);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, (await output) + (await errors));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            ChildProcesses.Forget(process);
        }
    }
}
