namespace LiveChat.Testing.Processes;

using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// A redis-server of its own on a free loopback port, its data in a temp folder, with append-only
/// persistence fsynced on every write: what an acknowledged grain write relies on, and what deploy/
/// configures. Killed, and its folder deleted, on dispose.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    /// <summary>Why there is no server to start, for messages.</summary>
    public const string NotInstalled = "redis-server is not installed (scripts/install-redis.sh installs it).";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RedisProcess(Process process, int port, string folder, RedisSecurity security)
    {
        _process = process;
        Port = port;
        Folder = folder;
        Security = security;
    }

    /// <summary>The password and TLS this server was started with (none by default).</summary>
    public RedisSecurity Security { get; }

    public int Port { get; }
    public string Folder { get; }
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>redis-server on PATH, or null when it is not installed.</summary>
    public static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "redis-server"))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts redis-server and returns once it answers PING; fails with its output if it exits or stays silent.</summary>
    public static async Task<RedisProcess> StartAsync(RedisSecurity? security = null)
    {
        security ??= new RedisSecurity();
        var executable = FindExecutable() ?? throw new InvalidOperationException(NotInstalled);
        var folder = Path.Combine(Path.GetTempPath(), "livechat-redis", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = FreePorts.One();
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        var portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // With TLS the plain port is off: only the TLS port listens.
        string[] listen = security.Tls is { } tls
            ? ["--port", "0", "--tls-port", portText, "--tls-cert-file", tls.CertificatePath, "--tls-key-file", tls.KeyPath,
               "--tls-ca-cert-file", tls.CaPath, "--tls-auth-clients", "no"]
            : ["--port", portText];
        string[] auth = security.Password is { } password ? ["--requirepass", password] : [];
        foreach (var argument in listen.Concat(auth).Concat(new[]
                 {
                     "--bind", "127.0.0.1",
                     "--dir", folder, "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                     "--daemonize", "no", "--protected-mode", "yes", "--logfile", "",
                 }))
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {executable}.");
        ChildProcesses.Track(process);
        var redis = new RedisProcess(process, port, folder, security);
        process.OutputDataReceived += (_, e) => redis.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => redis.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await redis.WaitReadyAsync();
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    // Bounded readiness poll: PING until PONG (it accepts connections slightly before loading its AOF).
    private async Task WaitReadyAsync()
    {
        var elapsed = Stopwatch.StartNew();
        while (!await PingAsync())
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode}:\n{Output}");
            if (elapsed.Elapsed > StartTimeout) throw new TimeoutException($"redis-server did not answer PING on port {Port} within {StartTimeout}:\n{Output}");
            await Task.Delay(50);
        }
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, Port, cancel.Token);
            Stream stream = client.GetStream();
            if (Security.Tls is not null)
            {
                // Readiness only: the server's certificate is the test's own.
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, cancel.Token);
                stream = ssl;
            }
            await using var _ = stream;
            var command = (Security.Password is { } password ? $"AUTH {password}\r\n" : "") + "PING\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command), cancel.Token);
            var answer = new StringBuilder();
            var buffer = new byte[256];
            while (!answer.ToString().Contains("+PONG", StringComparison.Ordinal) && !answer.ToString().Contains('-'))
            {
                var read = await stream.ReadAsync(buffer, cancel.Token);
                if (read == 0) return false;
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            return answer.ToString().Contains("+PONG", StringComparison.Ordinal);
        }
        catch (Exception error) when (error is SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>What redis-server wrote so far, for error messages.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
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
        ChildProcesses.Forget(_process);
        _process.Dispose();
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

/// <summary>How a test redis-server is secured: a password (<c>requirepass</c>) and TLS only (certificates of a test authority).</summary>
public sealed record RedisSecurity(string? Password = null, RedisTlsFiles? Tls = null);

/// <summary>The PEM files of a TLS redis-server: its certificate, key and the authority that issued it.</summary>
public sealed record RedisTlsFiles(string CertificatePath, string KeyPath, string CaPath);
