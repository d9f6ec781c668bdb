namespace LiveChat.LoadTest.Soak;

/// <summary>
/// The soak's pass line, over the last 40 % of the run (from minute 18 of 30). Before that memory
/// rises by design: every 16 transcript entries a chat seals a page into a grain of its own, and
/// those activations go only once idle for Orleans' 15-minute collection age (swept every minute),
/// so the number alive climbs for about 16 minutes before the first of them go; activations, JIT
/// and the GC sizing its heaps are in that first stretch too. Fitted by least squares:
/// <list type="bullet">
/// <item>flat memory: the least-squares slope of resident memory, projected over 10 minutes, at most
/// <see cref="MemoryGrowthPer10Min"/> of its mean (2 %/10 min is 12 %/hour: a leak that size fills a
/// box within a day, while below it the GC's heap resizing dominates a 12-minute fit);</item>
/// <item>flat latency: the p99's slope over 10 minutes at most <see cref="P99GrowthPer10Min"/> of its
/// mean, or <see cref="P99FloorMs"/> ms when the p99 is a few milliseconds (noise, not a trend);</item>
/// <item>no errors over the whole run, and at least <see cref="RateKept"/> of the asked rate served
/// (a machine that cannot carry the rate measures its backlog, not the product).</item>
/// </list>
/// </summary>
public sealed record SoakVerdict(
    double FitFromMinutes,
    int FitSamples,
    double MemoryMeanMb,
    double MemorySlopeMbPerMin,
    double MemoryGrowthPercentPer10Min,
    double? ManagedHeapSlopeMbPerMin,
    double P99MeanMs,
    double P99SlopeMsPerMin,
    double P99GrowthPercentPer10Min,
    long Requests,
    long Errors,
    double RateAsked,
    double RateServed,
    bool MemoryFlat,
    bool LatencyFlat,
    bool NoErrors,
    bool RateHeld,
    bool Passed,
    string PassLine)
{
    public const double MemoryGrowthPer10Min = 0.02;
    public const double P99GrowthPer10Min = 0.10;
    public const double P99FloorMs = 5;
    public const double RateKept = 0.95;
    /// <summary>Where the fit starts, as a share of the run.</summary>
    public const double FitFrom = 0.6;

    public static SoakVerdict Of(IReadOnlyList<SoakSample> samples, double rateAsked)
    {
        var end = samples.Count == 0 ? 0 : samples[^1].Minutes;
        var tail = samples.Where(s => s.Minutes > end * FitFrom).ToList();
        // A run too short for a tail of three samples is fitted whole.
        var fitted = tail.Count >= 3 ? tail : [.. samples];
        var minutes = fitted.Select(s => s.Minutes).ToArray();
        var memory = fitted.Select(s => s.ResidentMb).ToArray();
        // A window with no answers has no p99; it is left out of the latency fit.
        var withAnswers = fitted.Where(s => s.Requests > 0).ToList();
        var memorySlope = Slope(minutes, memory);
        // Information only (the embedded target, whose silo is in this process): what the GC holds,
        // apart from the memory it keeps reserved.
        double? heapSlope = fitted.All(s => s.ManagedHeapMb is not null) && fitted.Count > 1
            ? Slope(minutes, [.. fitted.Select(s => s.ManagedHeapMb!.Value)]) : null;
        var p99Slope = Slope([.. withAnswers.Select(s => s.Minutes)], [.. withAnswers.Select(s => s.P99Ms)]);
        var memoryMean = memory.DefaultIfEmpty(0).Average();
        var p99Mean = withAnswers.Select(s => s.P99Ms).DefaultIfEmpty(0).Average();
        var requests = samples.Sum(s => (long)s.Requests);
        var errors = samples.Sum(s => (long)s.Errors);
        var served = samples.Count == 0 ? 0 : samples.Average(s => s.PerSecond);

        var memoryFlat = memorySlope * 10 <= MemoryGrowthPer10Min * memoryMean;
        var latencyFlat = p99Slope * 10 <= Math.Max(P99GrowthPer10Min * p99Mean, P99FloorMs);
        var noErrors = errors == 0;
        var rateHeld = served >= RateKept * rateAsked;
        return new SoakVerdict(fitted.Count == 0 ? 0 : fitted[0].Minutes, fitted.Count, memoryMean, memorySlope,
            memoryMean > 0 ? 100 * memorySlope * 10 / memoryMean : 0, heapSlope, p99Mean, p99Slope, p99Mean > 0 ? 100 * p99Slope * 10 / p99Mean : 0,
            requests, errors, rateAsked, served, memoryFlat, latencyFlat, noErrors, rateHeld, memoryFlat && latencyFlat && noErrors && rateHeld,
            $"last {1 - FitFrom:P0} of the run fitted by least squares: memory slope x 10 min <= {MemoryGrowthPer10Min:P0} of mean resident memory; " +
            $"p99 slope x 10 min <= max({P99GrowthPer10Min:P0} of mean p99, {P99FloorMs} ms); 0 errors; >= {RateKept:P0} of the asked rate served");
    }

    /// <summary>Least-squares slope of y over x (0 for fewer than two points).</summary>
    public static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count < 2) return 0;
        var meanX = x.Average();
        var meanY = y.Average();
        double covariance = 0, variance = 0;
        for (var i = 0; i < x.Count; i++)
        {
            covariance += (x[i] - meanX) * (y[i] - meanY);
            variance += (x[i] - meanX) * (x[i] - meanX);
        }
        return variance == 0 ? 0 : covariance / variance;
    }
}
