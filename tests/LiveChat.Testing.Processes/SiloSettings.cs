namespace LiveChat.Testing.Processes;

using System.Net;
using System.Net.Sockets;
using LiveChat.Hosting.Security;

/// <summary>
/// How one silo process runs: its ports, data folder and cluster identity, handed over as the
/// Silo__* environment variables LiveChatSiloOptions binds.
/// </summary>
public sealed record SiloSettings(int SiloPort, int GatewayPort, string DataFolder, string ClusterId, string ServiceId)
{
    /// <summary>TLS of the test's Orleans clients towards this silo (a silo started with Silo__Tls__* needs it); null: plain TCP.</summary>
    public TransportTlsSettings? ClientTls { get; init; }

    /// <summary>Fresh free ports (never Orleans' defaults), a given data folder, a cluster id of its own.</summary>
    public static SiloSettings Create(string dataFolder)
    {
        var (siloPort, gatewayPort) = TwoFreePorts();
        return new SiloSettings(siloPort, gatewayPort, dataFolder, $"livechat-test-{Guid.NewGuid():N}"[..24], "livechat");
    }

    /// <summary>The same data folder and identity on new free ports, for a restart.</summary>
    public SiloSettings WithFreshPorts()
    {
        var (siloPort, gatewayPort) = TwoFreePorts();
        return this with { SiloPort = siloPort, GatewayPort = gatewayPort };
    }

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["Silo__SiloPort"] = SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Silo__GatewayPort"] = GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Silo__DataFolder"] = DataFolder,
        ["Silo__ClusterId"] = ClusterId,
        ["Silo__ServiceId"] = ServiceId,
    };

    public string DatabasePath => Path.Combine(DataFolder, "livechat.db");

    private static (int, int) TwoFreePorts() => FreePorts.Take(2) is [var first, var second] ? (first, second) : throw new InvalidOperationException();
}
