namespace LiveChat.LoadTest.Soak;

using ScottPlot;

/// <summary>The soak as a PNG: resident memory (left axis) and p99 latency (right axis) over time, with the fits over the run's last 40 %.</summary>
public static class SoakPlot
{
    public static void Write(string path, string title, IReadOnlyList<SoakSample> samples, SoakVerdict verdict)
    {
        var plot = new Plot();
        var minutes = samples.Select(s => s.Minutes).ToArray();
        var memory = plot.Add.Scatter(minutes, samples.Select(s => s.ResidentMb).ToArray());
        memory.LegendText = "resident memory (MiB)";
        memory.Color = Colors.Blue;
        var answered = samples.Where(s => s.Requests > 0).ToList();
        var p99 = plot.Add.Scatter(answered.Select(s => s.Minutes).ToArray(), answered.Select(s => s.P99Ms).ToArray());
        p99.LegendText = "p99 latency (ms)";
        p99.Color = Colors.OrangeRed;
        p99.Axes.YAxis = plot.Axes.Right;

        // The fitted lines, drawn over the span they were fitted on, through the fitted means.
        if (samples.Count > 1)
        {
            var from = verdict.FitFromMinutes;
            var to = samples[^1].Minutes;
            var middle = samples.Where(s => s.Minutes >= from).Average(s => s.Minutes);
            var memoryFit = plot.Add.Line(from, verdict.MemoryMeanMb + verdict.MemorySlopeMbPerMin * (from - middle),
                to, verdict.MemoryMeanMb + verdict.MemorySlopeMbPerMin * (to - middle));
            memoryFit.Color = Colors.Blue.WithAlpha(0.6);
            memoryFit.LinePattern = LinePattern.Dashed;
            memoryFit.LineWidth = 3;
            memoryFit.LegendText = $"memory fit {verdict.MemorySlopeMbPerMin:+0.00;-0.00} MiB/min";
            var p99Fit = plot.Add.Line(from, verdict.P99MeanMs + verdict.P99SlopeMsPerMin * (from - middle),
                to, verdict.P99MeanMs + verdict.P99SlopeMsPerMin * (to - middle));
            p99Fit.Color = Colors.OrangeRed.WithAlpha(0.6);
            p99Fit.LinePattern = LinePattern.Dashed;
            p99Fit.LineWidth = 3;
            p99Fit.LegendText = $"p99 fit {verdict.P99SlopeMsPerMin:+0.00;-0.00} ms/min";
            p99Fit.Axes.YAxis = plot.Axes.Right;
        }

        plot.Title(title);
        plot.XLabel("minutes");
        plot.YLabel("resident memory (MiB)");
        plot.Axes.Right.Label.Text = "p99 latency (ms)";
        plot.Axes.AutoScale();
        // Memory and latency from zero: a flat line must look flat, not magnified noise.
        plot.Axes.SetLimitsY(0, Math.Max(1, samples.Select(s => s.ResidentMb).DefaultIfEmpty(1).Max() * 1.15), plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(1, answered.Select(s => s.P99Ms).DefaultIfEmpty(1).Max() * 1.15), plot.Axes.Right);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 1200, 600);
    }
}
