namespace LiveChat.Operations.Tests;

using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;

/// <summary>
/// The Prometheus name the OpenTelemetry exporter gives an instrument (name sanitized, unit appended,
/// "_total" on counters, "_ratio" on unit-"1" gauges). Used for instruments that exist but have no
/// sample yet (an error counter before the first error), and checked against every family a real
/// scrape shows (ObservabilityFilesTests), so it cannot drift from the exporter unnoticed.
/// </summary>
public static partial class PrometheusNaming
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["d"] = "days", ["h"] = "hours", ["min"] = "minutes", ["s"] = "seconds", ["ms"] = "milliseconds",
        ["us"] = "microseconds", ["ns"] = "nanoseconds", ["By"] = "bytes", ["KiBy"] = "kibibytes", ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes", ["KBy"] = "kilobytes", ["MBy"] = "megabytes", ["GBy"] = "gigabytes",
        ["KB"] = "kilobytes", ["MB"] = "megabytes", ["GB"] = "gigabytes", ["m"] = "meters",
        ["V"] = "volts", ["A"] = "amperes", ["J"] = "joules", ["W"] = "watts", ["g"] = "grams", ["Cel"] = "celsius",
        ["Hz"] = "hertz", ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second", ["m"] = "minute", ["h"] = "hour", ["d"] = "day", ["w"] = "week", ["mo"] = "month", ["y"] = "year",
    };

    public static bool IsHistogram(Instrument instrument) => instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal);

    public static string Of(Instrument instrument)
    {
        var name = Sanitize(instrument.Name);
        var unit = Unit(instrument.Unit);
        if (unit.Length > 0 && !name.Contains(unit, StringComparison.Ordinal)) name = name + "_" + unit;
        var type = instrument.GetType().Name;
        if (type.StartsWith("Counter", StringComparison.Ordinal) || type.StartsWith("ObservableCounter", StringComparison.Ordinal))
        {
            if (!name.EndsWith("_total", StringComparison.Ordinal)) name += "_total";
        }
        else if (!IsHistogram(instrument) && instrument.Unit == "1" && !name.Contains("ratio", StringComparison.Ordinal))
        {
            name += "_ratio";
        }
        return name;
    }

    private static string Unit(string? unit)
    {
        if (string.IsNullOrEmpty(unit)) return "";
        var plain = Annotation().Replace(unit, "");
        if (plain.Length == 0 || plain == "1") return "";
        var parts = plain.Split('/');
        var result = Units.GetValueOrDefault(parts[0], parts[0]);
        if (parts.Length == 2) result = result + "_per_" + PerUnits.GetValueOrDefault(parts[1], parts[1]);
        return Sanitize(result);
    }

    private static string Sanitize(string name) => Underscores().Replace(Invalid().Replace(name, "_"), "_");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Annotation();

    [GeneratedRegex(@"[^a-zA-Z0-9_:]")]
    private static partial Regex Invalid();

    [GeneratedRegex("_+")]
    private static partial Regex Underscores();
}
