namespace LiveChat.Storage.Contract.Tests.Infrastructure;

using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// A redis-server of its own on a free loopback port, with append-only durability and no RDB
/// snapshots, its files in a temp folder; killed on dispose.
/// </summary>
public sealed class RedisServerFixture : ExternalServerFixture
{
    protected override string ServerName => "redis-server";

    protected override string InstallHint => "scripts/install-redis.sh (apt-get install redis-server)";

    protected override string? FindProgram() => TestEnvironment.FindOnPath("redis-server");

    protected override IEnumerable<string> Arguments(int port, string dataFolder) =>
    [
        "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--bind", "127.0.0.1",
        "--protected-mode", "yes",
        "--appendonly", "yes",
        "--save", "",
        "--dir", dataFolder,
        "--daemonize", "no",
        "--logfile", "",
    ];

    /// <summary>Ready when it answers PING with PONG (it accepts connections slightly before loading the AOF).</summary>
    protected override async Task<bool> IsReadyAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return false;
        }
    }
}
