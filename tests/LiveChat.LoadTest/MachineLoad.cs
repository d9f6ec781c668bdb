namespace LiveChat.LoadTest;

using System.Globalization;

/// <summary>
/// How busy the machine was while a scenario ran: the 1-minute load average (Linux
/// /proc/loadavg), sampled as the scenario runs. This run's own threads count in it too: on two
/// cores a scenario that keeps both busy reads about 2 by itself; above that, others were running.
/// </summary>
public sealed class MachineLoad
{
    private readonly List<double> _samples = [];

    public void Sample()
    {
        if (Now() is { } load) lock (_samples) _samples.Add(load);
    }

    /// <summary>"load avg 3.1 (max 4.5)", or null where /proc/loadavg is not there.</summary>
    public string? Summary()
    {
        lock (_samples)
        {
            return _samples.Count == 0 ? null
                : string.Create(CultureInfo.InvariantCulture, $"load avg {_samples.Average():F1} (max {_samples.Max():F1}) on {Environment.ProcessorCount} cores");
        }
    }

    public static double? Now()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
