namespace LiveChat.Gateway.Auth;

using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

/// <summary>
/// Whether the demo sign-in (any directory agent, no password) is on. It is meant for a local
/// trial only: unless <see cref="GatewayAuthOptions.EnableDemoSignIn"/> says otherwise, it is on
/// exactly when every address the gateway listens on is a loopback address, so an image or a
/// manifest that listens on 0.0.0.0 never hands out tokens to whoever asks, and off where agents
/// sign in at an identity provider (Gateway:Auth:Authority). Set explicitly to true it is on
/// anywhere, and the gateway warns at every start.
/// </summary>
public sealed class DemoSignInSwitch(IOptions<GatewayAuthOptions> options, IServer server, ILogger<DemoSignInSwitch> logger)
    : IHostedLifecycleService
{
    private bool? _enabled;

    /// <summary>Decided once the server listens (its bound addresses are known only then).</summary>
    public bool IsEnabled => _enabled ??= Decide(options.Value.EnableDemoSignIn, ListeningAddresses(), options.Value.UsesOidc);

    /// <summary>Explicit setting first; otherwise on only without an identity provider, when there are addresses and all of them are loopback.</summary>
    public static bool Decide(bool? explicitSetting, IReadOnlyCollection<string> addresses, bool usesOidc = false) =>
        explicitSetting ?? (!usesOidc && addresses.Count > 0 && addresses.All(IsLoopback));

    /// <summary>"http://127.0.0.1:5080", "http://[::1]:80" and "http://localhost:5000" are loopback; "http://0.0.0.0:8080", "http://*:80", "http://+:80" and any host name are not.</summary>
    public static bool IsLoopback(string address)
    {
        // Kestrel's wildcard forms are not URIs a parser accepts as hosts; they mean "every interface".
        var withoutScheme = address[(address.IndexOf("://", StringComparison.Ordinal) is var at and >= 0 ? at + 3 : 0)..];
        if (withoutScheme.StartsWith('*') || withoutScheme.StartsWith('+')) return false;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri)) return false;
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    private IReadOnlyCollection<string> ListeningAddresses() =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken)
    {
        var explicitSetting = options.Value.EnableDemoSignIn;
        if (explicitSetting == true)
            logger.LogWarning("Demo sign-in is ON (Gateway:Auth:EnableDemoSignIn=true): anyone who reaches this gateway can sign in as any agent of the directory, supervisors and admins included, without a password. Use it for local trials only.");
        else if (IsEnabled)
            logger.LogInformation("Demo sign-in is on because the gateway listens on loopback only ({Addresses}).", string.Join(", ", ListeningAddresses()));
        return Task.CompletedTask;
    }

    Task IHostedLifecycleService.StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    Task IHostedLifecycleService.StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    Task IHostedLifecycleService.StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
