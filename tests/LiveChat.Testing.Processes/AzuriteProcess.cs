namespace LiveChat.Testing.Processes;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// An azurite-table of its own (the Azure Storage emulator's Table service) on a free loopback port, in
/// memory, for silos on Azure Table clustering and storage. Killed on dispose.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Why there is no server to start, for messages.</summary>
    public const string NotInstalled = "azurite-table is not installed (scripts/install-azurite.sh installs it into .tools/azurite).";

    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _folder;

    private AzuriteProcess(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        _folder = folder;
    }

    public int Port { get; }

    /// <summary>The connection string of the Table service (what Silo:AzureTables:ConnectionString takes).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/{AccountName};";

    /// <summary>.tools/azurite/node_modules/.bin/azurite-table, or null when it is not installed.</summary>
    public static string? FindExecutable()
    {
        var program = Path.Combine(SiloLocator.RepositoryRoot, ".tools", "azurite", "node_modules", ".bin", "azurite-table");
        return File.Exists(program) ? program : null;
    }

    /// <summary>Starts azurite-table and returns once it accepts connections; fails with its output if it exits or stays silent.</summary>
    public static async Task<AzuriteProcess> StartAsync()
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException(NotInstalled);
        var folder = Path.Combine(Path.GetTempPath(), "livechat-azurite", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = FreePorts.One();
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // In memory (Azurite refuses --location with it); its working directory is a temp folder of its own.
            WorkingDirectory = folder,
        };
        foreach (var argument in new[]
                 {
                     "--tableHost", "127.0.0.1", "--tablePort", port.ToString(CultureInfo.InvariantCulture),
                     "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
                 })
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {executable}.");
        ChildProcesses.Track(process);
        var azurite = new AzuriteProcess(process, port, folder);
        process.OutputDataReceived += (_, e) => azurite.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => azurite.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await azurite.WaitReadyAsync();
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    // Bounded readiness poll: it listens once its server is up.
    private async Task WaitReadyAsync()
    {
        var elapsed = Stopwatch.StartNew();
        while (!await AcceptsAsync())
        {
            if (_process.HasExited) throw new InvalidOperationException($"azurite-table exited with code {_process.ExitCode}:\n{Output}");
            if (elapsed.Elapsed > StartTimeout) throw new TimeoutException($"azurite-table did not listen on port {Port} within {StartTimeout}:\n{Output}");
            await Task.Delay(100);
        }
    }

    private async Task<bool> AcceptsAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, Port, cancel.Token);
            return true;
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>What azurite-table wrote so far, for error messages.</summary>
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
            _process.Kill(entireProcessTree: true);
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
            if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
