namespace LiveChat.Web.Tests;

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using LiveChat.Testing.Processes;

/// <summary>
/// The real gateway (embedded mode: it co-hosts a silo) as a separate process on free loopback
/// ports, with its state in a temp folder and its content root at the project, so wwwroot is
/// served. A browser reaches it like any user would.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly ProcessStartInfo _info;
    private readonly string _logPath;
    private readonly StreamWriter _log;
    private readonly string _dataFolder;
    private Process _process;

    private GatewayProcess(ProcessStartInfo info, string logPath, StreamWriter log, string dataFolder, string baseUrl)
    {
        _info = info;
        _logPath = logPath;
        _log = log;
        _dataFolder = dataFolder;
        BaseUrl = baseUrl;
        _process = Launch();
    }

    /// <summary>http://127.0.0.1:port, without a trailing slash.</summary>
    public string BaseUrl { get; }

    /// <summary>The folder holding the gateway's state (SQLite file, attachments, signing key).</summary>
    public string DataFolder => _dataFolder;

    /// <summary>Everything the gateway wrote to stdout and stderr so far.</summary>
    public string LogText
    {
        get
        {
            lock (_log) _log.Flush();
            using var reader = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(reader).ReadToEnd();
        }
    }

    /// <param name="logPath">Where the gateway's output goes.</param>
    /// <param name="bindHost">The address Kestrel listens on ("0.0.0.0": every interface); clients always use 127.0.0.1.</param>
    /// <param name="settings">Configuration over the defaults below, as environment variables (Gateway__Auth__…).</param>
    /// <param name="demoSignIn">Whether readiness is "the demo sign-in works" (seeded) or only /health/ready.</param>
    /// <param name="httpPort">Chosen by the caller when something must know the URL first (an OpenID provider's redirect URIs).</param>
    /// <param name="provider">The OpenID provider the gateway is configured for: readiness then means its token for sam works.</param>
    public static async Task<GatewayProcess> StartAsync(string logPath, string bindHost = "127.0.0.1",
        IReadOnlyDictionary<string, string>? settings = null, bool demoSignIn = true, int? httpPort = null, OidcProviderProcess? provider = null)
    {
        var ports = FreePorts.Take(4); // HTTP, silo-to-silo, Orleans gateway, management: never 11111/30000
        if (httpPort is { } chosen) ports[0] = chosen;
        var dataFolder = Path.Combine(Path.GetTempPath(), "livechat-web-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var baseUrl = $"http://127.0.0.1:{ports[0]}";

        var info = new ProcessStartInfo(DotnetHost)
        {
            WorkingDirectory = ProjectFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(GatewayAssembly);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://{bindHost}:{ports[0]}");
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(ProjectFolder);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("Silo__") || k.StartsWith("Gateway__") || k.StartsWith("LiveChat__")).ToList())
            info.Environment.Remove(key);
        info.Environment["Gateway__Mode"] = "Embedded";
        info.Environment["Silo__SiloPort"] = ports[1].ToString();
        info.Environment["Silo__GatewayPort"] = ports[2].ToString();
        info.Environment["Silo__DataFolder"] = dataFolder;
        info.Environment["Silo__ClusterId"] = "web-" + Guid.NewGuid().ToString("N")[..8];
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Gateway__Management__Port"] = ports[3].ToString();
        // The browser tests start many chats and sign-ins from one address: limits they never meet.
        foreach (var rule in new[] { "Global", "ChatStart", "SignIn", "EndUserMessages", "Uploads", "HubInvocations" })
            info.Environment[$"Gateway__RateLimits__{rule}__PermitLimit"] = "1000000";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) info.Environment[key] = value;

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var gateway = new GatewayProcess(info, logPath, log, dataFolder, baseUrl);
        try
        {
            await gateway.WaitReadyAsync(demoSignIn, provider);
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
        return gateway;
    }

    private Process Launch()
    {
        var process = new Process { StartInfo = _info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(_log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(_log, e.Data);
        if (!process.Start()) throw new InvalidOperationException($"Could not start the gateway {GatewayAssembly}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// SIGKILL, as a crash or an OOM kill would: no shutdown code runs. Then the same program on the
    /// same ports and data folder, waited on until ready again.
    /// </summary>
    public async Task KillAndRestartAsync(bool demoSignIn = true)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        _process.Dispose();
        Write(_log, "----- killed (SIGKILL) and restarted by the test -----");
        _process = Launch();
        await WaitReadyAsync(demoSignIn, provider: null);
    }

    /// <summary>
    /// Ready when the demo directory is seeded: the supervisor can sign in (at the provider, when
    /// there is one); without either, when /health/ready says so.
    /// </summary>
    private async Task WaitReadyAsync(bool demoSignIn, OidcProviderProcess? provider)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var samToken = provider is null ? null : (await OidcLogin.SignIn(provider.Issuer, "sam", $"{BaseUrl}/agent.html")).AccessToken;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The gateway exited with code {_process.ExitCode}; see {_logPath}.");
            try
            {
                var response = samToken is not null
                    ? await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/me") { Headers = { Authorization = new("Bearer", samToken) } })
                    : demoSignIn
                        ? await http.PostAsJsonAsync("/api/auth/demo-sign-in", new { agentId = "sam" })
                        : await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Starting up.
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(90))
                throw new TimeoutException($"The gateway did not become ready in 90 s; see {_logPath}.");
            // Readiness has no event to wait on: a bounded poll.
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
        }
        catch (Exception error) when (error is InvalidOperationException or TimeoutException)
        {
            // Already gone.
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null) return;
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after shutdown.
            }
        }
    }


    // Where things are ---------------------------------------------------------------------------

    /// <summary>The repository root: the nearest folder above the test assembly holding the solution file.</summary>
    public static string RepositoryRoot => SiloLocator.RepositoryRoot;

    /// <summary>src/Gateway/LiveChat.Gateway: the gateway's content root (appsettings.json, wwwroot/).</summary>
    public static string ProjectFolder => Path.Combine(RepositoryRoot, "src", "Gateway", "LiveChat.Gateway");

    /// <summary>The gateway built with this test assembly's configuration and framework (the ProjectReference builds it).</summary>
    public static string GatewayAssembly
    {
        get
        {
            var path = Path.Combine(ProjectFolder, "bin", BuildMetadata("LiveChat.BuildConfiguration"), BuildMetadata("LiveChat.TargetFramework"), "LiveChat.Gateway.dll");
            if (!File.Exists(path))
                throw new FileNotFoundException($"The gateway is not built: '{path}' is missing. Build tests/LiveChat.Web.Tests (it builds the gateway).", path);
            return path;
        }
    }

    private static string DotnetHost => SiloLocator.DotnetHost;

    private static string BuildMetadata(string key) =>
        typeof(GatewayProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly lacks the '{key}' metadata its project file sets.");
}
