namespace LiveChat.Testing.Processes;

using System.Diagnostics;
using System.Text;

/// <summary>
/// A real OpenID Connect provider for the sign-in tests: tests/OidcProvider/server.js (the npm
/// package oidc-provider) under node, on a free loopback port. Its accounts match the demo
/// directory (plus "mallory", who is not in it); its login page takes any password. Killed on dispose.
/// </summary>
public sealed class OidcProviderProcess : IAsyncDisposable
{
    public const string NotInstalled = "tests/OidcProvider/node_modules is missing: scripts/install-oidc-provider.sh (run by scripts/test.sh) installs it.";
    public const string ClientId = "livechat-consoles";
    public const string Resource = "urn:livechat:gateway";
    private const string ReadyLine = "OIDC provider ready at ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _jwksFile;

    private OidcProviderProcess(Process process) => _process = process;

    /// <summary>The provider's issuer, e.g. http://127.0.0.1:41234: the gateway's Gateway:Auth:Authority.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>The folder with server.js, found above the test's output folder.</summary>
    public static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "OidcProvider");
            if (File.Exists(Path.Combine(candidate, "server.js"))) return candidate;
        }
        throw new InvalidOperationException("tests/OidcProvider/server.js not found above " + AppContext.BaseDirectory);
    }

    public static bool IsInstalled() => Directory.Exists(Path.Combine(Folder(), "node_modules", "oidc-provider"));

    /// <param name="redirectOrigins">Origins of the gateways whose agent.html/supervisor.html may receive the sign-in.</param>
    /// <param name="audience">The gateway's Gateway:Auth:Audience: its access tokens name it.</param>
    /// <param name="accessTokenLifetime">Short in renewal tests.</param>
    /// <param name="jwks">Its signing keys (a JWKS with private parts), so a test can sign as the provider would; null: a fresh key.</param>
    public static async Task<OidcProviderProcess> StartAsync(IEnumerable<string> redirectOrigins, string audience,
        TimeSpan? accessTokenLifetime = null, string? jwks = null)
    {
        if (!IsInstalled()) throw new InvalidOperationException(NotInstalled);
        var folder = Folder();
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        info.ArgumentList.Add("server.js");
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add("0");
        info.ArgumentList.Add("--audience");
        info.ArgumentList.Add(audience);
        info.ArgumentList.Add("--access-token-ttl");
        info.ArgumentList.Add(((int)(accessTokenLifetime ?? TimeSpan.FromMinutes(10)).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var origin in redirectOrigins)
        {
            info.ArgumentList.Add("--redirect-origin");
            info.ArgumentList.Add(origin);
        }
        string? jwksFile = null;
        if (jwks is not null)
        {
            jwksFile = Path.Combine(Path.GetTempPath(), $"livechat-oidc-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(jwksFile, jwks);
            info.ArgumentList.Add("--jwks");
            info.ArgumentList.Add(jwksFile);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node.");
        ChildProcesses.Track(process);
        var provider = new OidcProviderProcess(process) { _jwksFile = jwksFile };
        process.OutputDataReceived += (_, e) => provider.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => provider.Capture(e.Data);
        process.Exited += (_, _) => provider._ready.TrySetException(new InvalidOperationException($"The OIDC provider exited:\n{provider.Output}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            provider.Issuer = await provider._ready.Task.WaitAsync(StartTimeout);
            return provider;
        }
        catch (TimeoutException)
        {
            await provider.DisposeAsync();
            throw new TimeoutException($"The OIDC provider did not start within {StartTimeout}:\n{provider.Output}");
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.StartsWith(ReadyLine, StringComparison.Ordinal)) _ready.TrySetResult(line[ReadyLine.Length..].Trim());
    }

    /// <summary>What the provider wrote so far, for error messages.</summary>
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
        if (_jwksFile is not null) File.Delete(_jwksFile);
    }
}
