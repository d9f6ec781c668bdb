namespace LiveChat.Operations.Tests;

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using LiveChat.Gateway.Testing;
using LiveChat.Hosting;
using YamlDotNet.RepresentationModel;

/// <summary>
/// A real gateway (embedded: it co-hosts a silo, so it emits the gateway's and the silo's metrics)
/// that has served a chat with an invite, messages and a hub connection, plus every instrument of
/// the exported meters it has created (a counter is created before its first sample, e.g. Orleans'
/// storage error counters).
/// </summary>
public sealed class ScrapedGateway : IAsyncLifetime
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, byte> _instruments = new();

    public GatewayFactory Gateway { get; } = new() { RealHttp = true };
    public string Exposition { get; private set; } = "";
    public IReadOnlyCollection<Instrument> Instruments => [.. _instruments.Keys];

    public async Task InitializeAsync()
    {
        _listener.InstrumentPublished = (instrument, _) =>
        {
            if (LiveChatObservability.Meters.Contains(instrument.Meter.Name)) _instruments.TryAdd(instrument, 0);
        };
        _listener.Start();
        await Gateway.InitializeAsync();

        var endUser = await Gateway.StartChat("billing", "Pat", "Hello");
        using var alice = await Gateway.SignIn("alice");
        await Gateway.SignIn("bob");
        await using var console = await Gateway.Connect(alice.Token);
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/accept"));
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/messages", new { text = "Let me look" }));
        await Problems.EnsureSuccess(await endUser.Api.Post("/api/enduser/chat/messages", new { text = "Thanks" }));
        await Problems.EnsureSuccess(await alice.Post($"/api/chats/{endUser.ChatId}/invites", new { inviteeId = "bob", mode = "Participant" }));

        using var management = Gateway.Management();
        var response = await management.GetAsync(LiveChatObservability.MetricsPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Exposition = await response.Content.ReadAsStringAsync();
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await ((IAsyncLifetime)Gateway).DisposeAsync();
    }
}

/// <summary>
/// deploy/observability: the Grafana dashboard and the Prometheus alert rules read only metrics the
/// product emits, and the alerts operators need are there.
/// </summary>
public sealed class ObservabilityFilesTests(ScrapedGateway scraped) : IClassFixture<ScrapedGateway>
{
    /// <summary>Series Prometheus itself records for each scrape target.</summary>
    private static readonly HashSet<string> PrometheusSeries = ["up"];

    private static string Folder => Path.Combine(DeployFiles.Folder, "observability");
    private static string DashboardPath => Path.Combine(Folder, "grafana", "dashboards", "livechat.json");
    private static string AlertsPath => Path.Combine(Folder, "alerts.yml");

    [Fact]
    public void The_alert_rules_cover_what_operators_must_hear_about_and_each_is_complete()
    {
        var rules = AlertRules().ToList();
        Assert.Equal(
            ["LiveChatGrainStorageErrors", "LiveChatHttp5xxRate", "LiveChatMessageLatencyP99High", "LiveChatNoReadySilo",
             "LiveChatRateLimitRejections", "LiveChatUnavailable"],
            rules.Select(r => r.Alert).Order(StringComparer.Ordinal));
        foreach (var rule in rules)
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.Expression), rule.Alert);
            Assert.Contains(rule.Severity, new[] { "critical", "warning" });
            Assert.False(string.IsNullOrWhiteSpace(rule.Summary), rule.Alert);
        }
    }

    [Fact]
    public void Prometheus_loads_the_alert_rules_and_scrapes_the_jobs_they_select()
    {
        var config = LoadYaml(Path.Combine(Folder, "prometheus.yml"));
        Assert.Contains("/etc/prometheus/alerts.yml", DeployFiles.Sequence(DeployFiles.Child(config, "rule_files")).OfType<YamlScalarNode>().Select(n => n.Value));
        var jobs = DeployFiles.Sequence(DeployFiles.Child(config, "scrape_configs")).Select(j => DeployFiles.Scalar(j, "job_name") ?? "").ToHashSet();
        var selected = AlertRules().Select(r => r.Expression).Concat(DashboardExpressions())
            .SelectMany(e => System.Text.RegularExpressions.Regex.Matches(e, "job=\"([^\"]+)\"").Select(m => m.Groups[1].Value)).ToHashSet();
        Assert.NotEmpty(selected);
        Assert.True(selected.IsSubsetOf(jobs), $"Jobs selected but not scraped: {string.Join(", ", selected.Except(jobs))}");

        // docker compose mounts both files where Prometheus reads them, and the dashboard into Grafana.
        var files = DeployFiles.Load();
        var prometheus = files.Containers.Single(c => c.Name == "prometheus");
        Assert.Equal("bind:./observability/prometheus.yml", prometheus.Mounts["/etc/prometheus/prometheus.yml"]);
        Assert.Equal("bind:./observability/alerts.yml", prometheus.Mounts["/etc/prometheus/alerts.yml"]);
        var grafana = files.Containers.Single(c => c.Name == "grafana");
        Assert.Equal("bind:./observability/grafana/dashboards", grafana.Mounts["/var/lib/grafana/dashboards"]);
        // The gateway's management port and the silos' HTTP port are the scrape targets.
        var targets = DeployFiles.Sequence(DeployFiles.Child(config, "scrape_configs"))
            .SelectMany(j => DeployFiles.Sequence(DeployFiles.Child(j, "static_configs")))
            .SelectMany(s => DeployFiles.Sequence(DeployFiles.Child(s, "targets"))).OfType<YamlScalarNode>().Select(t => t.Value!).ToList();
        Assert.Contains("gateway:9464", targets);
        foreach (var silo in files.Containers.Where(c => c.IsSilo && c.Source.EndsWith("docker-compose.yml", StringComparison.Ordinal)))
            Assert.Contains($"{silo.Hostname}:{silo.Environment["Silo__HttpPort"]}", targets);
    }

    [Fact]
    public void Every_metric_the_dashboard_and_the_alerts_read_is_one_the_product_emits()
    {
        var emitted = EmittedNames();
        var referenced = AlertRules().Select(r => (Where: "alert " + r.Alert, r.Expression))
            .Concat(DashboardExpressions().Select(e => (Where: "dashboard", Expression: e)))
            .SelectMany(x => PromQlNames.Of(x.Expression).Select(name => (x.Where, Name: name)))
            .ToList();
        Assert.Contains(referenced, r => r.Name.StartsWith("livechat_", StringComparison.Ordinal));
        var unknown = referenced.Where(r => !emitted.Contains(r.Name) && !PrometheusSeries.Contains(r.Name))
            .Select(r => $"{r.Where}: {r.Name}").Distinct().ToList();
        Assert.True(unknown.Count == 0, "Not emitted: " + string.Join(", ", unknown) + "\nEmitted: " + string.Join(" ", emitted.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void The_naming_of_instruments_without_samples_agrees_with_every_family_the_scrape_shows()
    {
        var named = scraped.Instruments.Select(PrometheusNaming.Of).ToHashSet();
        var families = scraped.Exposition.Split('\n')
            .Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[2])
            .Where(f => f != "target_info")
            .ToList();
        Assert.Contains("livechat_messages_posted_total", families);
        var unmatched = families.Where(f => !named.Contains(f)).ToList();
        Assert.True(unmatched.Count == 0, "Families no instrument is named as: " + string.Join(", ", unmatched));
    }

    [Fact]
    public void The_name_reader_finds_the_metrics_of_an_expression_and_nothing_else()
    {
        Assert.Equal(["http_server_request_duration_seconds_bucket"], PromQlNames.Of(
            "histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{job=\"livechat-gateway\", http_route=~\".*/messages\"}[5m]))) > 1"));
        Assert.Equal(["a_total", "b_total"], PromQlNames.Of("(sum(rate(a_total[5m])) or vector(0)) / clamp_min(sum without (x) (b_total{y!=\"z\"}), 1e-9) > bool 0.5").Order(StringComparer.Ordinal));
        // A misspelt name in a rule is read as a name, so the check above would report it.
        Assert.DoesNotContain("livechat_mesages_posted_total", EmittedNames());
        Assert.Contains("livechat_mesages_posted_total", PromQlNames.Of("sum(rate(livechat_mesages_posted_total[5m]))"));
    }

    /// <summary>What a scrape shows, and the names of the instruments that exist but have no sample yet.</summary>
    private HashSet<string> EmittedNames()
    {
        var names = scraped.Exposition.Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l[..l.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);
        foreach (var instrument in scraped.Instruments)
        {
            var name = PrometheusNaming.Of(instrument);
            if (PrometheusNaming.IsHistogram(instrument)) names.UnionWith([name + "_bucket", name + "_count", name + "_sum"]);
            else names.Add(name);
        }
        return names;
    }

    private sealed record AlertRule(string Alert, string Expression, string? Severity, string? Summary);

    private static IEnumerable<AlertRule> AlertRules()
    {
        var root = LoadYaml(AlertsPath);
        foreach (var group in DeployFiles.Sequence(DeployFiles.Child(root, "groups")))
        {
            foreach (var rule in DeployFiles.Sequence(DeployFiles.Child(group, "rules")))
            {
                yield return new AlertRule(DeployFiles.Scalar(rule, "alert")!, DeployFiles.Scalar(rule, "expr") ?? "",
                    DeployFiles.Scalar(DeployFiles.Child(rule, "labels"), "severity"), DeployFiles.Scalar(DeployFiles.Child(rule, "annotations"), "summary"));
            }
        }
    }

    private static List<string> DashboardExpressions()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var expressions = document.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.TryGetProperty("targets", out var targets) ? targets.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();
        Assert.NotEmpty(expressions);
        return expressions;
    }

    private static YamlMappingNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }
}
