namespace LiveChat.LoadTest.Soak;

using LiveChat.Gateway.Auth;

/// <summary>
/// The embedded default: <see cref="BenchCluster"/> (one silo on SQLite, an Orleans client and a
/// gateway in client mode, all in this process over loopback TCP). Memory is this process's: the
/// silo's with the gateway's and the load generator's, which hold nothing that grows with time.
/// </summary>
public sealed class EmbeddedSoakTarget(BenchCluster cluster) : ISoakTarget
{
    public static async Task<EmbeddedSoakTarget> Start() => new(await BenchCluster.Start());

    public string Name => "embedded";
    public string Description => "embedded default: one silo on SQLite, Orleans client and gateway in the load process (memory: that process)";
    public IClusterClient Client => cluster.Client;
    public Uri GatewayUrl => cluster.GatewayUrl;
    public TokenIssuer Tokens => cluster.Tokens;

    // The heap after the last collection (live objects then), as the silos' metrics give it for the
    // cluster: GC.GetTotalMemory(false) would count the garbage allocated since, a saw-tooth.
    public Task<MemorySample> SampleMemoryAsync() => Task.FromResult(
        new MemorySample(ResidentMemory.MegabytesOf(Environment.ProcessId), GC.GetGCMemoryInfo().HeapSizeBytes / (1024.0 * 1024.0), null));

    public ValueTask DisposeAsync() => cluster.DisposeAsync();
}
