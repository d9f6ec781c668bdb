namespace LiveChat.Benchmarks;

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

/// <summary>The two ways the benchmarks run: a measured run, and a smoke run that only proves they still run.</summary>
public static class BenchmarkConfigs
{
    /// <summary>
    /// 3 warmup and 5 measured iterations per case: enough for stable ratios while every case
    /// finishes in a few minutes on 2 cores. In process, so that each ratio compares cases run in
    /// the same process (same runtime settings, same JIT and GC state) and no generated project
    /// has to be built first; the cases of a class still run one after another, not interleaved.
    /// </summary>
    public static IConfig Measured(string artifacts) =>
        Common(artifacts).AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5)
            .WithId("Measured"));

    /// <summary>
    /// In process (no generated project to build) and one invocation per case: CI learns in
    /// seconds that every benchmark still sets up, runs and cleans up. Its numbers mean nothing.
    /// </summary>
    public static IConfig Smoke(string artifacts) =>
        Common(artifacts).AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Smoke"));

    // DefaultConfig already exports GitHub Markdown (results/*-report-github.md), the tables the
    // README quotes, next to CSV and HTML; adding the exporter again only earns a warning.
    private static ManualConfig Common(string artifacts) =>
        ManualConfig.Create(DefaultConfig.Instance).WithArtifactsPath(artifacts);
}
