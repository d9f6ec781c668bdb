namespace LiveChat.Grains;

/// <summary>
/// Does nothing, as fast as the cluster can: the baseline that benchmarks and health probes
/// measure the real call paths against.
/// </summary>
[Alias("LiveChat.IPingGrain")]
public interface IPingGrain : IGrainWithIntegerKey
{
    [Alias("Ping")] Task Ping();

    /// <summary>
    /// Reads one (absent) record through the grain storage every LiveChat grain uses: answers only
    /// when that storage does. The readiness probes of the silo program and the gateway call it.
    /// </summary>
    [Alias("PingStorage")] Task PingStorage();
}
