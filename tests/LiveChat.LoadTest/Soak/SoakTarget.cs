namespace LiveChat.LoadTest.Soak;

using LiveChat.Gateway.Auth;

/// <summary>
/// What one soak runs against: a gateway's HTTP API (the path users feel), an Orleans client to lay
/// out agents and chats, the gateway's token issuer, and the memory of whatever hosts the grains.
/// </summary>
public interface ISoakTarget : IAsyncDisposable
{
    /// <summary>"embedded" or "cluster": the name in the output files.</summary>
    string Name { get; }

    /// <summary>One line for the report: what runs where.</summary>
    string Description { get; }

    IClusterClient Client { get; }
    Uri GatewayUrl { get; }
    TokenIssuer Tokens { get; }

    /// <summary>Memory now: the resident set of the process(es) hosting the silo(s), and the managed heap when it can be read.</summary>
    Task<MemorySample> SampleMemoryAsync();
}

/// <param name="ResidentMb">Resident set (VmRSS) summed over the silo process(es), in MiB: the pass line's memory.</param>
/// <param name="ManagedHeapMb">The GC heap after the last collection in MiB (live objects then), summed over the silo process(es); null if unread.</param>
/// <param name="PerSiloMb">Resident set of each silo process (cluster target), by name.</param>
/// <param name="PerSiloManagedMb">The GC heap after the last collection of each silo process (cluster target, from its /metrics), by name.</param>
/// <param name="PerSiloCommittedMb">The memory each silo's GC had committed at its last collection (cluster target), by name.</param>
/// <param name="Activations">Grain activations by grain type, summed over the silos (cluster target).</param>
public sealed record MemorySample(
    double ResidentMb,
    double? ManagedHeapMb,
    IReadOnlyDictionary<string, double>? PerSiloMb,
    IReadOnlyDictionary<string, double>? PerSiloManagedMb = null,
    IReadOnlyDictionary<string, double>? PerSiloCommittedMb = null,
    IReadOnlyDictionary<string, long>? Activations = null);

/// <summary>Resident memory of a process as the kernel counts it (/proc/&lt;pid&gt;/status VmRSS).</summary>
public static class ResidentMemory
{
    public static double MegabytesOf(int pid)
    {
        // Process.WorkingSet64 reads the same figure, but a Process object per sample per silo is
        // more work than one small file read; a silo gone (killed, crashed) reads as 0.
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                return kilobytes / 1024.0;
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
