namespace LiveChat.Grains;

/// <summary>
/// Does nothing, as fast as the cluster can: the baseline that benchmarks and health probes
/// measure the real call paths against.
/// </summary>
[Alias("LiveChat.IPingGrain")]
public interface IPingGrain : IGrainWithIntegerKey
{
    [Alias("Ping")] Task Ping();
}
