namespace LiveChat.Cluster.Tests;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// A redis-server of the tests' own on a free loopback port, its data in a temp folder, with
/// append-only persistence fsynced on every write (what an acknowledged grain write relies on).
/// One for the whole test run (<see cref="RedisCollection"/>); each test uses a ServiceId and
/// ClusterId of its own, so its keys are apart from the others'.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;
    private readonly StringBuilder _output = new();

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "livechat-cluster-tests", "redis-" + Guid.NewGuid().ToString("N"));
    public int Port { get; private set; }
    public string ConnectionString => $"127.0.0.1:{Port}";
    /// <summary>Why the server is not there (redis-server is not installed), or null when it runs.</summary>
    public string? Missing { get; private set; }

    public static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "redis-server"))
            .FirstOrDefault(File.Exists);

    public async Task InitializeAsync()
    {
        var executable = FindExecutable();
        if (executable is null)
        {
            Missing = "redis-server is not installed (scripts/install-redis.sh installs it).";
            return;
        }
        Directory.CreateDirectory(Folder);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        foreach (var argument in new[]
                 {
                     "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--dir", Folder, "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                     "--daemonize", "no", "--protected-mode", "yes", "--logfile", "",
                 })
        {
            info.ArgumentList.Add(argument);
        }
        _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {executable}.");
        _process.OutputDataReceived += (_, e) => Capture(e.Data);
        _process.ErrorDataReceived += (_, e) => Capture(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Bounded readiness poll: PING until PONG.
        var elapsed = Stopwatch.StartNew();
        while (!await PingAsync())
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode}:\n{Output}");
            if (elapsed.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException($"redis-server did not answer PING on port {Port} within 20 s:\n{Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>Fails (CI=true) or skips (elsewhere) a test when redis-server is not installed.</summary>
    public void EnsureAvailable()
    {
        if (Missing is null) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"CI=true and {Missing} The cluster tests need it: run scripts/install-redis.sh before the tests.");
        Skip.If(true, $"Skipped: {Missing}");
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, Port, cancel.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancel.Token);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, cancel.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception error) when (error is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                // Left to the OS.
            }
        }
        _process?.Dispose();
        try
        {
            if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}
