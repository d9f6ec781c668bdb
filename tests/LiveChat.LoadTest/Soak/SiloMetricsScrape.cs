namespace LiveChat.LoadTest.Soak;

using System.Globalization;

/// <summary>
/// What one silo's /metrics says about its memory: the managed heap after the last GC
/// (System.Runtime's dotnet.gc.last_collection.heap.size, summed over generations), the memory the
/// GC had committed then, and its activations by grain type (Orleans' orleans-grains{type}). Read so
/// a rise in resident memory can be told apart: live objects (heap), GC headroom (committed), or
/// activations that pile up.
/// </summary>
public sealed record SiloMetricsScrape(double? HeapMb, double? CommittedMb, IReadOnlyDictionary<string, long> Activations)
{
    private const string HeapSeries = "dotnet_gc_last_collection_heap_size";
    private const string CommittedSeries = "dotnet_gc_last_collection_memory_committed_size";
    private const string GrainsSeries = "orleans_grains";

    public static readonly SiloMetricsScrape None = new(null, null, new Dictionary<string, long>());

    public static async Task<SiloMetricsScrape> Read(HttpClient http, int port)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            return Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/metrics", timeout.Token));
        }
        catch (Exception error) when (error is HttpRequestException or OperationCanceledException)
        {
            // A silo that does not answer in time leaves its figures out of this sample.
            return None;
        }
    }

    /// <summary>Prometheus text format: "name{labels} value [timestamp]" per line; '#' lines are comments.</summary>
    public static SiloMetricsScrape Parse(string exposition)
    {
        double? heap = null, committed = null;
        var activations = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var nameEnd = line.IndexOfAny(['{', ' ']);
            if (nameEnd <= 0) continue;
            var name = line[..nameEnd];
            var labelsEnd = line[nameEnd] == '{' ? line.IndexOf('}', nameEnd) : nameEnd - 1;
            if (labelsEnd < 0) continue;
            var fields = line[(labelsEnd + 1)..].Trim().Split(' ');
            if (!double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) continue;
            if (name.StartsWith(HeapSeries, StringComparison.Ordinal)) heap = (heap ?? 0) + value / (1024.0 * 1024.0);
            else if (name.StartsWith(CommittedSeries, StringComparison.Ordinal)) committed = (committed ?? 0) + value / (1024.0 * 1024.0);
            else if (name == GrainsSeries && Label(line[nameEnd..(labelsEnd + 1)], "type") is { } type)
                activations[ShortType(type)] = activations.GetValueOrDefault(ShortType(type)) + (long)value;
        }
        return new SiloMetricsScrape(heap, committed, activations);
    }

    private static string? Label(string labels, string key)
    {
        var start = labels.IndexOf(key + "=\"", StringComparison.Ordinal);
        if (start < 0) return null;
        start += key.Length + 2;
        var end = labels.IndexOf('"', start);
        return end < 0 ? null : labels[start..end];
    }

    // "LiveChat.Grains.Chat.TranscriptPageGrain" reads as "TranscriptPageGrain".
    private static string ShortType(string type) => type[(type.LastIndexOf('.') + 1)..];
}
