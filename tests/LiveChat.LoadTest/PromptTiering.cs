namespace LiveChat.LoadTest;

using System.Runtime.InteropServices;

/// <summary>
/// Tiered JIT starts counting calls only after 100 ms without new tier-0 compilation. Two cores
/// saturated by a load test rarely give it that moment, so a path ran on unoptimized code for its
/// first 20–30 s (the HTTP POST at a third of its steady rate; measured here). The benchmarks are
/// about the steady state, so the tool runs itself again with that delay off
/// (DOTNET_TC_CallCountingDelayMs=0): the same optimized code, reached within seconds. The scale-out
/// scenario's silo processes inherit the setting.
/// </summary>
public static class PromptTiering
{
    private const string Variable = "DOTNET_TC_CallCountingDelayMs";

    /// <summary>Null when this process already runs with the setting; otherwise the exit code of the run it started.</summary>
    public static async Task<int?> RunSelfIfNeeded(string[] args)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null) return null;

        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        // Started as `dotnet LiveChat.LoadTest.dll`: the host needs the assembly again.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            start.ArgumentList.Add(typeof(PromptTiering).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment[Variable] = "0";

        using var run = Process.Start(start)!;
        // Ctrl+C reaches the whole process group; a SIGTERM sent to this process alone is passed on.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            run.Kill(entireProcessTree: true);
        });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        await run.WaitForExitAsync();
        return run.ExitCode;
    }
}
