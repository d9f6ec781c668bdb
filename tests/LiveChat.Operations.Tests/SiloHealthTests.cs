namespace LiveChat.Operations.Tests;

using System.Net;
using System.Net.Sockets;
using LiveChat.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Xunit.Abstractions;

/// <summary>The silo program's HTTP port (Silo:HttpPort): the probes Kubernetes uses, and /metrics.</summary>
public sealed class SiloHealthTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDataFolder _data = new();

    [Fact]
    public async Task The_silo_program_serves_its_probes_and_metrics_on_its_HTTP_port()
    {
        var httpPort = FreePorts.One();
        var settings = SiloSettings.Create(_data.Path);
        await using var silo = SiloProcess.Start(settings, "silo (http)", new Dictionary<string, string>
        {
            ["Silo__HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await using var client = await silo.WaitReadyAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };

        // The silo answers Orleans clients a moment before the host starts its HTTP port: what
        // an orchestrator waits on is the probe, so wait on it (bounded), then check the rest.
        await WaitForReadyProbe(http, silo, TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(LiveChatObservability.LivePath)).StatusCode);

        var chat = client.Chat($"health-{Guid.NewGuid():N}");
        await chat.Start(new StartChatRequest("billing", new EndUserInfo("u1", "Pat"), null));
        await chat.PostEndUserMessage("u1", "hello");
        var metrics = await http.GetAsync(LiveChatObservability.MetricsPath);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        MetricsAndDashboardTests.AssertPrometheusText(metrics.Content.Headers.ContentType);
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.True(MetricsAndDashboardTests.Value(text, "livechat_messages_posted_total", "sender=\"enduser\"") >= 1, text);
        Assert.True(MetricsAndDashboardTests.Value(text, "livechat_chats_started_total") >= 1);
        Assert.Contains("orleans_", text, StringComparison.Ordinal);

        Assert.Equal(0, await silo.StopAsync(TimeSpan.FromSeconds(30)));
        output.WriteLine(silo.Describe(40));
    }

    /// <summary>A bounded poll: the probe is the event, and it has no push.</summary>
    private static async Task WaitForReadyProbe(HttpClient http, SiloProcess silo, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if ((await http.GetAsync(LiveChatObservability.ReadyPath)).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet: exactly what readiness says.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"/health/ready never answered 200.\n{silo.Describe(40)}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Readiness_follows_the_silo_lifecycle_and_turns_false_when_shutdown_starts()
    {
        var lifetime = new TestLifetime();
        var readiness = new SiloReadiness(lifetime);
        var lifecycle = new RecordingLifecycle();
        readiness.Participate(lifecycle);
        var (stage, observer) = Assert.Single(lifecycle.Observers);
        Assert.Equal(ServiceLifecycleStage.Active, stage);

        Assert.Equal(HealthStatus.Unhealthy, (await readiness.CheckHealthAsync(new HealthCheckContext())).Status);
        await observer.OnStart(CancellationToken.None);
        // Active, but the host has not started its other listeners (the HTTP port) yet.
        Assert.Equal(HealthStatus.Unhealthy, (await readiness.CheckHealthAsync(new HealthCheckContext())).Status);
        lifetime.Started.Cancel();
        Assert.Equal(HealthStatus.Healthy, (await readiness.CheckHealthAsync(new HealthCheckContext())).Status);
        // SIGTERM: the host signals ApplicationStopping before the silo stops its stages.
        lifetime.Stopping.Cancel();
        Assert.Equal(HealthStatus.Unhealthy, (await readiness.CheckHealthAsync(new HealthCheckContext())).Status);
        await observer.OnStop(CancellationToken.None);
        Assert.False(readiness.IsReady);
    }

    public void Dispose() => _data.Dispose();

    private sealed class TestLifetime : IHostApplicationLifetime
    {
        public CancellationTokenSource Stopping { get; } = new();
        public CancellationTokenSource Started { get; } = new();
        public CancellationToken ApplicationStarted => Started.Token;
        public CancellationToken ApplicationStopping => Stopping.Token;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => Stopping.Cancel();
    }

    private sealed class RecordingLifecycle : ISiloLifecycle
    {
        public List<(int Stage, ILifecycleObserver Observer)> Observers { get; } = [];
        public int HighestCompletedStage => 0;
        public int LowestStoppedStage => 0;

        public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
        {
            Observers.Add((stage, observer));
            return new Nothing();
        }

        public void AddHighPriorityStage(int stage) { }

        private sealed class Nothing : IDisposable
        {
            public void Dispose() { }
        }
    }
}
