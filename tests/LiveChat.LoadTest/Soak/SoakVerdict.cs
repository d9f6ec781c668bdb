namespace LiveChat.LoadTest.Soak;

/// <summary>
/// The soak's pass line. Memory, from the resident set's peaks: the highest sample of the run's last
/// third may exceed the highest of its middle third by at most <see cref="MemoryGrowthPer10Min"/> per
/// 10 minutes between them (2 %/10 min is 12 %/hour: a leak that size fills a box within a day). A
/// leak raises every later peak; the GC, which takes memory in steps and gives it back in steps (in
/// the first 30-minute run it returned 65 MiB at minute 18), only lowers later values. The
/// least-squares slope over the last 40 % of the run is reported beside it, but no longer decides:
/// that first run's fit began at the bottom of such a step and read the regrowth to the old level as
/// +3.9 %/10 min, while the peaks fell from 545 to 501 MiB. Latency and the rest, over the same tail:
/// <list type="bullet">
/// <item>flat latency: the p99's least-squares slope over 10 minutes at most <see cref="P99GrowthPer10Min"/>
/// of its mean, or <see cref="P99FloorMs"/> ms when the p99 is a few milliseconds (noise, not a trend);</item>
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
    double MemoryPeakMiddleMb,
    double MemoryPeakLastMb,
    double MemoryPeakGrowthPercentPer10Min,
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

        // Peaks of the middle and last thirds, 10 minutes apart in a 30-minute run.
        var peakMiddle = samples.Where(s => s.Minutes > end / 3 && s.Minutes <= 2 * end / 3).Select(s => s.ResidentMb).DefaultIfEmpty(0).Max();
        var peakLast = samples.Where(s => s.Minutes > 2 * end / 3).Select(s => s.ResidentMb).DefaultIfEmpty(0).Max();
        var thirdMinutes = Math.Max(end / 3, 1e-9);
        var peakGrowth = peakMiddle > 0 ? (peakLast - peakMiddle) / peakMiddle * (10 / thirdMinutes) : 0;
        var memoryFlat = peakGrowth <= MemoryGrowthPer10Min;
        var latencyFlat = p99Slope * 10 <= Math.Max(P99GrowthPer10Min * p99Mean, P99FloorMs);
        var noErrors = errors == 0;
        var rateHeld = served >= RateKept * rateAsked;
        return new SoakVerdict(fitted.Count == 0 ? 0 : fitted[0].Minutes, fitted.Count, memoryMean, memorySlope,
            memoryMean > 0 ? 100 * memorySlope * 10 / memoryMean : 0, peakMiddle, peakLast, 100 * peakGrowth, heapSlope, p99Mean, p99Slope, p99Mean > 0 ? 100 * p99Slope * 10 / p99Mean : 0,
            requests, errors, rateAsked, served, memoryFlat, latencyFlat, noErrors, rateHeld, memoryFlat && latencyFlat && noErrors && rateHeld,
            $"resident memory's peak in the last third <= its peak in the middle third + {MemoryGrowthPer10Min:P0} per 10 min between them " +
            $"(least-squares slope over the last {1 - FitFrom:P0} reported, not judged); p99 slope over the last {1 - FitFrom:P0} x 10 min <= " +
            $"max({P99GrowthPer10Min:P0} of mean p99, {P99FloorMs} ms); 0 errors; >= {RateKept:P0} of the asked rate served");
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
