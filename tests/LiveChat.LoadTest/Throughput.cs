namespace LiveChat.LoadTest;

/// <summary>Runs an operation from many concurrent loops for a while and counts completions.</summary>
public static class Throughput
{
    public static async Task<(double PerSecond, long Failures)> Measure(int concurrency, TimeSpan duration, Func<int, Task> operation)
    {
        // A warm-up so JIT (tiered, with PGO: on 2 busy cores hot paths take seconds to reach
        // optimized code) and activations do not count against either side.
        await Run(concurrency, TimeSpan.FromMilliseconds(Math.Min(4000, duration.TotalMilliseconds / 3)), operation);
        var (count, failures, elapsed) = await Run(concurrency, duration, operation);
        return (count / elapsed.TotalSeconds, failures);
    }

    private static async Task<(long Count, long Failures, TimeSpan Elapsed)> Run(int concurrency, TimeSpan duration, Func<int, Task> operation)
    {
        long count = 0, failures = 0;
        var stopwatch = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var i = worker;
            while (stopwatch.Elapsed < duration)
            {
                try
                {
                    await operation(i);
                    Interlocked.Increment(ref count);
                }
                catch
                {
                    Interlocked.Increment(ref failures);
                }
                i += concurrency;
            }
        });
        await Task.WhenAll(loops);
        return (count, failures, stopwatch.Elapsed);
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
