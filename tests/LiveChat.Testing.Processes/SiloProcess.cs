namespace LiveChat.Testing.Processes;

using System.Diagnostics;
using System.Text;
using System.Text.Json;

/// <summary>
/// One real LiveChat silo process (<c>dotnet LiveChat.Silo.dll</c>): started with its settings
/// as environment variables, waited on until it serves requests, then killed (SIGKILL) or stopped
/// (SIGTERM). Its stdout and stderr are captured for assertion messages; disposing kills it if it
/// is still running.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private const int MaxCapturedLines = 5000;

    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private int _droppedLines;

    private SiloProcess(SiloSettings settings, Process process, string name)
    {
        Settings = settings;
        _process = process;
        Name = name;
    }

    public SiloSettings Settings { get; }
    /// <summary>A label for messages, e.g. "silo#1".</summary>
    public string Name { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    /// <summary>The exit code once the process has exited (137 after SIGKILL on Linux), else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts <c>dotnet LiveChat.Silo.dll</c> with <paramref name="settings"/> and returns at once; see <see cref="WaitReadyAsync"/>.</summary>
    public static SiloProcess Start(SiloSettings settings, string name = "silo", IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var siloAssembly = SiloLocator.SiloAssemblyPath;
        var info = new ProcessStartInfo(SiloLocator.DotnetHost)
        {
            // Content root = the silo's folder, so its appsettings.json applies; the environment overrides it.
            WorkingDirectory = Path.GetDirectoryName(siloAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Redirected so the silo never reads the test runner's console.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(siloAssembly);

        // Nothing inherited may change what the silo does: only the settings given here.
        foreach (var key in info.Environment.Keys.ToList())
        {
            if (key.StartsWith("Silo__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("LiveChat__", StringComparison.OrdinalIgnoreCase))
                info.Environment.Remove(key);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        info.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        // Orleans' placement pipeline logs every grain placement through Polly at Information.
        info.Environment["Logging__LogLevel__Polly"] = "Warning";
        // The directory's notice that it drops activations because another silo left: the one
        // line that explains the cancelled activations SiloLogLines forgives after it.
        info.Environment["Logging__LogLevel__" + SiloLogLines.DirectoryCategory] = "Information";
        foreach (var (key, value) in settings.Environment) info.Environment[key] = value;
        if (extraEnvironment is not null)
        {
            foreach (var (key, value) in extraEnvironment) info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var silo = new SiloProcess(settings, process, name);
        process.OutputDataReceived += (_, e) => silo.Capture("out", e.Data);
        process.ErrorDataReceived += (_, e) => silo.Capture("err", e.Data);
        if (!process.Start()) throw new InvalidOperationException($"Could not start {info.FileName} {siloAssembly}.");
        ChildProcesses.Track(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        silo.Capture("test", $"started pid {process.Id}: silo port {settings.SiloPort}, gateway port {settings.GatewayPort}, data {settings.DataFolder}");
        return silo;
    }

    /// <summary>
    /// Waits until the silo serves requests: an Orleans client connects (retried while the gateway
    /// is not up yet) and the demo directory's queues and agents all exist. Fails at once if the
    /// process exits, and after <paramref name="timeout"/> otherwise, with the captured output.
    /// </summary>
    public async Task<SiloClient> WaitReadyAsync(TimeSpan timeout, TimeSpan? responseTimeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var client = await ConnectAsync(timeout, responseTimeout);
        try
        {
            await WaitForDemoDirectoryAsync(client, timeout - deadline.Elapsed);
            Capture("test", $"ready after {_sinceStart.Elapsed.TotalSeconds:F1} s");
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private async Task<SiloClient> ConnectAsync(TimeSpan timeout, TimeSpan? responseTimeout)
    {
        var elapsed = Stopwatch.StartNew();
        Exception? lastError = null;
        var attempts = 0;
        while (true)
        {
            ThrowIfExited("while the client was connecting");
            attempts++;
            var remaining = timeout - elapsed.Elapsed;
            if (remaining <= TimeSpan.Zero) break;
            try
            {
                return await SiloClient.ConnectAsync(Settings, remaining, responseTimeout);
            }
            catch (Exception error)
            {
                lastError = error;
            }
            if (elapsed.Elapsed >= timeout) break;
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
        throw new TimeoutException(
            $"No Orleans client could connect to {Name} (gateway port {Settings.GatewayPort}) within {timeout} ({attempts} attempts).\n{Describe()}",
            lastError);
    }

    private async Task WaitForDemoDirectoryAsync(SiloClient client, TimeSpan timeout)
    {
        var (queues, agents) = DemoDirectoryIds();
        var elapsed = Stopwatch.StartNew();
        string missing = "(not checked yet)";
        Exception? lastError = null;
        while (elapsed.Elapsed < timeout)
        {
            ThrowIfExited("while the demo directory was being seeded");
            try
            {
                var absent = new List<string>();
                foreach (var queue in queues)
                {
                    if (await client.Queue(queue).GetInfo() is null) absent.Add($"queue {queue}");
                }
                foreach (var agent in agents)
                {
                    if (await client.Agent(agent).Peek() is null) absent.Add($"agent {agent}");
                }
                if (absent.Count == 0) return;
                missing = string.Join(", ", absent);
                lastError = null;
            }
            catch (Exception error)
            {
                lastError = error;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
        throw new TimeoutException($"{Name} did not seed its demo directory within {timeout}; missing: {missing}.\n{Describe()}", lastError);
    }

    /// <summary>The queue and agent ids of the demo directory the silo seeds (the JSON beside LiveChat.Silo.dll).</summary>
    public static (IReadOnlyList<string> Queues, IReadOnlyList<string> Agents) DemoDirectoryIds()
    {
        var path = Path.Combine(Path.GetDirectoryName(SiloLocator.SiloAssemblyPath)!, "demo-directory.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        static List<string> Ids(JsonElement list) => list.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
        return (Ids(document.RootElement.GetProperty("queues")), Ids(document.RootElement.GetProperty("agents")));
    }

    /// <summary>Kills the process abruptly (SIGKILL on Linux, no shutdown code runs) and waits until it is gone.</summary>
    public async Task KillAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited) return;
        Capture("test", "SIGKILL");
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
        await WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(15));
    }

    /// <summary>
    /// Stops the silo gracefully (SIGTERM: the host shuts Orleans and its storage down) and waits
    /// for it to exit; returns the exit code. Killed and reported if it does not exit in time.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            Capture("test", SiloLogLines.Sigterm);
            await SendSigtermAsync();
            try
            {
                await WaitForExitAsync(timeout);
            }
            catch (TimeoutException)
            {
                await KillAsync();
                throw new TimeoutException($"{Name} did not exit within {timeout} of SIGTERM; killed.\n{Describe()}");
            }
        }
        return _process.ExitCode;
    }

    private async Task SendSigtermAsync()
    {
        var info = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        info.ArgumentList.Add("-s");
        info.ArgumentList.Add("TERM");
        info.ArgumentList.Add(_process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var kill = Process.Start(info) ?? throw new InvalidOperationException("Could not run kill.");
        var error = await kill.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await kill.WaitForExitAsync(cancel.Token);
        if (kill.ExitCode != 0 && !_process.HasExited)
            throw new InvalidOperationException($"kill -s TERM {_process.Id} failed ({kill.ExitCode}): {error}");
    }

    /// <summary>Waits for the process to exit and its output to be read to the end.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} (pid {_process.Id}) did not exit within {timeout}.\n{Describe()}");
        }
        Capture("test", $"exited with code {_process.ExitCode}");
    }

    private void ThrowIfExited(string when)
    {
        if (!_process.HasExited) return;
        // Let the output readers finish, so the message shows why it stopped.
        _process.WaitForExit(TimeSpan.FromSeconds(5));
        throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} {when}.\n{Describe()}");
    }

    private void Capture(string stream, string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Count >= MaxCapturedLines)
            {
                _output.RemoveAt(0);
                _droppedLines++;
            }
            _output.Add(SiloLogLines.Line(_sinceStart.Elapsed, stream, line));
        }
    }

    /// <summary>
    /// Captured lines logged as errors (fail/crit) or written to stderr: a healthy silo has none,
    /// apart from the Orleans shutdown race that <see cref="SiloLogLines"/> describes.
    /// </summary>
    public IReadOnlyList<string> ErrorLines
    {
        get
        {
            lock (_output)
            {
                return SiloLogLines.Faults(_output);
            }
        }
    }

    /// <summary>The captured output (the newest <paramref name="maxLines"/> lines), for assertion messages.</summary>
    public string Describe(int maxLines = 200)
    {
        var exit = _process.HasExited ? $"exited with code {_process.ExitCode}" : "running";
        var text = new StringBuilder($"---- {Name} pid {_process.Id}, {exit}, ports {Settings.SiloPort}/{Settings.GatewayPort} ----\n");
        lock (_output)
        {
            var skipped = _droppedLines + Math.Max(0, _output.Count - maxLines);
            if (skipped > 0) text.Append("  (").Append(skipped).Append(" earlier lines not shown)\n");
            foreach (var line in _output.Skip(Math.Max(0, _output.Count - maxLines))) text.Append("  ").Append(line).Append('\n');
        }
        return text.Append($"---- end of {Name} ----").ToString();
    }

    /// <summary>Kills the process if it still runs: no test leaves a silo behind.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) await KillAsync();
        }
        catch (Exception)
        {
            // Best effort: the process is gone or cannot be killed; nothing more to do here.
        }
        ChildProcesses.Forget(_process);
        _process.Dispose();
    }
}
