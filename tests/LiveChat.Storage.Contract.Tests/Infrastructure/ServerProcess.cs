namespace LiveChat.Storage.Contract.Tests.Infrastructure;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LiveChat.Testing.Processes;

/// <summary>
/// A server process started by a fixture: its output is kept for error messages, readiness is
/// polled with a bounded loop, and dispose kills it (with its children) and waits for the exit.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process) => _process = process;

    public int Port { get; private init; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the server printed so far (last 4,000 characters), for messages.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.Length <= 4000 ? _output.ToString() : _output.ToString(_output.Length - 4000, 4000);
        }
    }

    /// <summary>
    /// Starts <paramref name="program"/> on a free loopback port and waits until <paramref name="isReady"/>
    /// says so. A server that exits early (e.g. the port was taken in between) is tried again on another port.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        string program,
        Func<int, IEnumerable<string>> arguments,
        string workingDirectory,
        Func<int, CancellationToken, Task<bool>> isReady,
        TimeSpan readyTimeout)
    {
        Exception? last = null;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var port = FreePorts.One();
            var server = Start(program, arguments(port), workingDirectory, port);
            try
            {
                await server.WaitUntilReadyAsync(isReady, readyTimeout);
                return server;
            }
            catch (Exception e)
            {
                last = e;
                await server.DisposeAsync();
                // Only a port taken between picking and binding is worth another try.
                if (!IsPortTaken(server.Output)) break;
            }
        }

        throw new InvalidOperationException($"{Path.GetFileName(program)} did not start: {last?.Message}", last);
    }

    private static bool IsPortTaken(string output) =>
        output.Contains("EADDRINUSE", StringComparison.Ordinal) || output.Contains("Address already in use", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when something accepts a TCP connection on the loopback port.</summary>
    public static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or not stopping: nothing more a test can do.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static ServerProcess Start(string program, IEnumerable<string> arguments, string workingDirectory, int port)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process) { Port = port };
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        if (!process.Start()) throw new InvalidOperationException($"{program} could not be started.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private async Task WaitUntilReadyAsync(Func<int, CancellationToken, Task<bool>> isReady, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited with code {_process.ExitCode} before it was ready. Output:\n{Output}");
            try
            {
                if (await isReady(Port, deadline.Token)) return;
                // Short pause between probes: there is no event to wait for.
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{_process.StartInfo.FileName} was not ready on port {Port} within {timeout.TotalSeconds:0} s. Output:\n{Output}");
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
