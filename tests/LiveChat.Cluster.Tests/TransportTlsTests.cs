namespace LiveChat.Cluster.Tests;

using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using LiveChat.Hosting.Security;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Hosting;
using Xunit.Abstractions;

/// <summary>
/// Silo__Tls on a real silo process, with certificates of an authority made up by the test: a client
/// with a certificate of that authority calls grains; a client without TLS, or with a certificate of
/// another authority, is refused within a bounded time; a silo whose certificate file is missing
/// stops at start, naming the key.
/// </summary>
public sealed class TransportTlsTests(ITestOutputHelper output)
{
    /// <summary>A refused client fails fast: well under the time a hanging connect would take.</summary>
    private static readonly TimeSpan RefusalBound = TimeSpan.FromSeconds(15);
    /// <summary>How long a client may try: a client of the right authority connects in well under a second.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_TLS_silo_serves_clients_of_its_authority_only()
    {
        using var authority = TestCertificates.CreateAuthority("livechat");
        using var stranger = TestCertificates.CreateAuthority("stranger");
        using var data = new TempDataFolder();
        var settings = SiloSettings.Create(data.Path) with { ClientTls = authority.Tls("gateway") };
        await using var silo = SiloProcess.Start(settings, "tls-silo", TestCertificates.Environment(authority.Tls("silo")));

        // A client with a certificate of the same authority: grain calls go through (ready = demo directory read).
        await using (var client = await silo.WaitReadyAsync(SiloCluster.StartTimeout))
        {
            Assert.NotNull(await client.Queue(SiloProcess.DemoDirectoryIds().Queues[0]).GetInfo());
        }
        output.WriteLine("TLS client connected and called grains");

        // Without TLS: the silo's gateway port speaks TLS only.
        await AssertRefusedAsync(settings with { ClientTls = null }, "a client without TLS");

        // A certificate of another authority, from a client that accepts any server: the silo refuses it.
        using var intruder = LoadCertificate(stranger.Tls("intruder"));
        await AssertRefusedAsync(settings with { ClientTls = null }, "a client with a certificate of another authority", tls =>
        {
            tls.LocalCertificate = intruder;
            tls.AllowAnyRemoteCertificate();
        });

        Assert.False(silo.HasExited, silo.Describe());
    }

    [Fact]
    public async Task A_silo_with_TLS_on_and_no_certificate_file_stops_at_start_naming_the_key()
    {
        using var authority = TestCertificates.CreateAuthority("livechat");
        using var data = new TempDataFolder();
        var tls = authority.Tls("silo");
        tls.CertificatePath = Path.Combine(authority.Folder, "missing.crt");
        await using var silo = SiloProcess.Start(SiloSettings.Create(data.Path), "misconfigured", TestCertificates.Environment(tls));
        await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, silo.ExitCode);
        var log = silo.Describe();
        Assert.Contains("Silo:Tls:CertificatePath", log, StringComparison.Ordinal);
        Assert.Contains("missing.crt", log, StringComparison.Ordinal);
    }

    private async Task AssertRefusedAsync(SiloSettings settings, string who, Action<TlsOptions>? rawTls = null)
    {
        var elapsed = Stopwatch.StartNew();
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var client = await ConnectAsync(settings, rawTls);
            // Should a connection ever open, a grain call must still fail.
            await client.Client.Queue(SiloProcess.DemoDirectoryIds().Queues[0]).GetInfo();
        });
        output.WriteLine($"{who}: refused after {elapsed.Elapsed.TotalSeconds:F1} s ({error.GetType().Name}: {error.Message.Split('\n')[0]})");
        Assert.True(elapsed.Elapsed < RefusalBound, $"{who} took {elapsed.Elapsed} to be refused");
    }

    /// <summary>A client of the silo, with the settings' TLS or, to play an intruder, TLS options set by hand.</summary>
    private static async Task<ClusterClient> ConnectAsync(SiloSettings settings, Action<TlsOptions>? rawTls)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
            if (rawTls is not null) client.UseTls(rawTls);
            else if (settings.ClientTls is { } tls) client.UseTls(TransportCertificates.Load(tls, "client").Apply);
        });
        var host = builder.Build();
        var connected = new ClusterClient(host);
        try
        {
            using var cancel = new CancellationTokenSource(ConnectTimeout);
            await host.StartAsync(cancel.Token);
            return connected;
        }
        catch
        {
            await connected.DisposeAsync();
            throw;
        }
    }

    private static X509Certificate2 LoadCertificate(TransportTlsSettings tls) =>
        X509Certificate2.CreateFromPemFile(tls.CertificatePath!, tls.KeyPath);
}
