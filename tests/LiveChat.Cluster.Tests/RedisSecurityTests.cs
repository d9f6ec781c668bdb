namespace LiveChat.Cluster.Tests;

using System.Diagnostics;
using LiveChat.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using Xunit.Abstractions;

/// <summary>
/// Silo:Redis:Password/UseTls/CaCertificatePath and the same keys under Gateway:Cluster:Redis against a
/// real redis-server started with --requirepass and TLS only (certificates of a test authority):
/// two silos with Orleans TLS form a cluster and serve a client joined the gateway's way; a wrong or
/// missing password stops a silo (and fails a client-mode gateway) at start with Redis' reason, and
/// no password ever reaches the logs.
/// </summary>
public sealed class RedisSecurityTests(ITestOutputHelper output)
{
    private const string Password = "redis-password-under-test-5f1c";
    private static readonly TimeSpan StartFailureBound = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task Silos_and_a_client_work_over_Redis_with_a_password_and_TLS_and_with_TLS_between_them()
    {
        EnsureRedis();
        using var authority = TestCertificates.CreateAuthority("livechat");
        var (redisCertificate, redisKey) = authority.Issue("redis");
        await using var redis = await RedisProcess.StartAsync(new RedisSecurity(Password, new RedisTlsFiles(redisCertificate, redisKey, authority.CaPath)));

        var silos = new Dictionary<string, string>(TestCertificates.Environment(authority.Tls("silo")))
        {
            ["Silo__Redis__Password"] = Password,
            ["Silo__Redis__UseTls"] = "true",
            ["Silo__Redis__CaCertificatePath"] = authority.CaPath,
        };
        var client = new ClientSecurity(authority.Tls("gateway"), new Dictionary<string, string?>
        {
            ["Gateway:Cluster:Redis:Password"] = Password,
            ["Gateway:Cluster:Redis:UseTls"] = "true",
            ["Gateway:Cluster:Redis:CaCertificatePath"] = authority.CaPath,
        });
        await using var cluster = await SiloCluster.StartAsync(redis.ConnectionString, output.WriteLine, silos: 2, silos, client: client);
        await using var gateway = await cluster.ConnectClientAsync();
        await cluster.WaitAllActiveAsync(gateway.Client, TimeSpan.FromSeconds(60));

        // Grain state goes through the secured Redis: a chat started and read back.
        var queue = SiloProcess.DemoDirectoryIds().Queues[0];
        var chat = await gateway.Client.Queue(queue).GetInfo();
        Assert.NotNull(chat);
        cluster.Log("two TLS silos active over a password- and TLS-protected Redis; client joined through it");

        foreach (var silo in cluster.Running)
            Assert.DoesNotContain(Password, silo.Describe(maxLines: 5000), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("wrong-password-value-93a7")]
    [InlineData(null)]
    public async Task A_silo_with_a_wrong_or_missing_Redis_password_stops_at_start_with_Redis_reason(string? password)
    {
        EnsureRedis();
        await using var redis = await RedisProcess.StartAsync(new RedisSecurity(Password));
        using var data = new TempDataFolder();
        var environment = new Dictionary<string, string>
        {
            ["Silo__Clustering"] = "Redis",
            ["Silo__Storage"] = "Redis",
            ["Silo__Redis__ConnectionString"] = redis.ConnectionString,
            ["Silo__AdvertisedIP"] = "127.0.0.1",
        };
        if (password is not null) environment["Silo__Redis__Password"] = password;
        var elapsed = Stopwatch.StartNew();
        await using var silo = SiloProcess.Start(SiloSettings.Create(data.Path), "wrong-password", environment);
        await silo.WaitForExitAsync(StartFailureBound);
        output.WriteLine($"exited with {silo.ExitCode} after {elapsed.Elapsed.TotalSeconds:F1} s");
        Assert.NotEqual(0, silo.ExitCode);
        var log = silo.Describe(maxLines: 5000);
        Assert.True(log.Contains("NOAUTH", StringComparison.Ordinal) || log.Contains("AuthenticationFailure", StringComparison.Ordinal)
                    || log.Contains("WRONGPASS", StringComparison.Ordinal), log);
        if (password is not null) Assert.DoesNotContain(password, log, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_client_mode_gateway_with_a_wrong_Redis_password_fails_to_start()
    {
        EnsureRedis();
        await using var redis = await RedisProcess.StartAsync(new RedisSecurity(Password));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Cluster:Clustering"] = "Redis",
            ["Gateway:Cluster:Redis:ConnectionString"] = redis.ConnectionString,
            ["Gateway:Cluster:Redis:Password"] = "not-the-password",
        });
        builder.UseOrleansClient(client => client.UseLiveChatCluster(builder.Configuration));
        using var host = builder.Build();
        var elapsed = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(StartFailureBound);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(cancel.Token));
        output.WriteLine($"failed after {elapsed.Elapsed.TotalSeconds:F1} s: {error}");
        Assert.False(cancel.IsCancellationRequested, "the start hung instead of failing");
        Assert.Contains("WRONGPASS", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", error.ToString(), StringComparison.Ordinal);
    }

    private static void EnsureRedis()
    {
        if (RedisProcess.FindExecutable() is not null) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"CI=true and {RedisProcess.NotInstalled}");
        Skip.If(true, $"Skipped: {RedisProcess.NotInstalled}");
    }
}
