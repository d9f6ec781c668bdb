namespace LiveChat.Cluster.Tests;

using System.Net;
using LiveChat.Gateway.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

/// <summary>
/// Issue #12 item 5: readiness is true readiness. A silo program and a gateway in client mode on a
/// Redis of the test's own answer /health/ready 200 while the grain storage answers, 503 while Redis
/// does not (paused with CLIENT PAUSE: every command waits), and 200 again once it answers.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ReadinessTests(RedisServer shared, ITestOutputHelper output)
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(12);

    [SkippableFact]
    public async Task Readiness_of_the_silo_and_the_gateway_turns_false_while_the_grain_storage_does_not_answer_and_true_again_after()
    {
        shared.EnsureAvailable();
        // Its own redis-server: pausing it must not stall the other tests' cluster.
        await using var redis = await RedisProcess.StartAsync();
        await using var cluster = await SiloCluster.StartAsync(redis.ConnectionString, output.WriteLine, silos: 1, http: true);
        var silo = cluster.Running[0];
        using var siloHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{cluster.HttpPort(silo)}") };
        var gateway = new GatewayFactory();
        gateway.Settings["Gateway:Mode"] = "Client";
        gateway.Settings["Gateway:Cluster:Gateways:0"] = $"127.0.0.1:{silo.Settings.GatewayPort}";
        gateway.Settings["Gateway:Cluster:ClusterId"] = cluster.ClusterId;
        gateway.Settings["Gateway:Cluster:ServiceId"] = cluster.ServiceId;
        try
        {
            await gateway.InitializeAsync();
            using var gatewayHttp = gateway.Anonymous();
            await WaitReady(siloHttp, gatewayHttp, ready: true, cluster, "before the pause");

            using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            var pausedAt = DateTime.UtcNow;
            await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", ((long)Pause.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "ALL");
            cluster.Log("Redis paused");
            await WaitReady(siloHttp, gatewayHttp, ready: false, cluster, "while Redis is paused");
            Assert.True(DateTime.UtcNow - pausedAt < Pause, "readiness turned false only after the pause ended");

            // The pause ends by itself: storage answers again, and so does readiness.
            await WaitReady(siloHttp, gatewayHttp, ready: true, cluster, "after the pause");
            cluster.Log("ready again after the pause");
        }
        finally
        {
            await ((IAsyncLifetime)gateway).DisposeAsync();
        }
    }

    /// <summary>Polls both probes until both say <paramref name="ready"/> (bounded: the probe has no push).</summary>
    private static async Task WaitReady(HttpClient silo, HttpClient gateway, bool ready, SiloCluster cluster, string when)
    {
        var expected = ready ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable;
        await Wait.UntilAsync(async () =>
                (await silo.GetAsync("/health/ready")).StatusCode == expected && (await gateway.GetAsync("/health/ready")).StatusCode == expected,
            Pause + TimeSpan.FromSeconds(30), () => $"the silo and the gateway never both answered {(int)expected} {when}\n{cluster.Describe(30)}");
    }
}
