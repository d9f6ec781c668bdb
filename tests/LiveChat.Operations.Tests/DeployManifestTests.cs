namespace LiveChat.Operations.Tests;

using System.Net;
using LiveChat.Gateway.Attachments;
using LiveChat.Gateway.Hardening;
using LiveChat.Gateway.Testing;
using LiveChat.Hosting;
using Microsoft.Extensions.Configuration;

/// <summary>
/// Docker cannot run here, so the deployment files are checked against the code instead: every
/// YAML file parses, every Silo__/Gateway__ variable binds to a real option, probes point at the
/// health endpoints the programs serve on the ports they listen on, and silos, gateways and Redis
/// agree on cluster identity, addresses and timeouts.
/// </summary>
public sealed class DeployManifestTests
{
    private static readonly DeployFiles Files = DeployFiles.Load();

    [Fact]
    public void Every_YAML_file_under_deploy_parses_and_the_set_is_complete()
    {
        Assert.Contains(Files.YamlFiles, f => f.EndsWith("docker-compose.yml", StringComparison.Ordinal));
        foreach (var name in new[] { "silo.yaml", "gateway.yaml", "redis.yaml" })
            Assert.Contains(Files.YamlFiles, f => f.EndsWith(Path.Combine("k8s", name), StringComparison.Ordinal));
        Assert.Contains(Files.Dockerfiles, d => d.Image == "livechat-silo");
        Assert.Contains(Files.Dockerfiles, d => d.Image == "livechat-gateway");
        var kinds = Files.Documents.Select(d => DeployFiles.Scalar(d.Node, "kind")).Where(k => k is not null).ToHashSet();
        foreach (var kind in new[] { "Deployment", "Service", "StatefulSet", "PodDisruptionBudget" }) Assert.Contains(kind, kinds);
        // Three silos and a gateway in compose; silos and gateways in Kubernetes.
        Assert.Equal(3, Files.Containers.Count(c => c.Source.EndsWith("docker-compose.yml", StringComparison.Ordinal) && c.IsSilo));
        Assert.Single(Files.Containers, c => c.Source.EndsWith("docker-compose.yml", StringComparison.Ordinal) && c.IsGateway);
        Assert.Single(Files.Containers, c => c.Source.Contains("k8s", StringComparison.Ordinal) && c.IsSilo);
        Assert.Single(Files.Containers, c => c.Source.Contains("k8s", StringComparison.Ordinal) && c.IsGateway);
    }

    [Fact]
    public void Auth_no_image_or_manifest_turns_the_demo_sign_in_on()
    {
        // The demo sign-in lets anyone sign in as any agent: on by itself only on loopback, so a
        // deployed gateway must listen beyond loopback and must not switch it on explicitly.
        var gateways = Files.Containers.Where(c => c.IsGateway).ToList();
        Assert.NotEmpty(gateways);
        foreach (var gateway in gateways)
        {
            var setting = gateway.Environment.GetValueOrDefault("Gateway__Auth__EnableDemoSignIn");
            bool? explicitSetting = setting is null ? null : bool.Parse(setting);
            var urls = (gateway.Environment.GetValueOrDefault("Urls") ?? gateway.Environment.GetValueOrDefault("ASPNETCORE_URLS") ?? "")
                .Split(';', StringSplitOptions.RemoveEmptyEntries);
            Assert.False(LiveChat.Gateway.Auth.DemoSignInSwitch.Decide(explicitSetting, urls),
                $"{gateway.Source} {gateway.Name}: the demo sign-in would be on (EnableDemoSignIn={setting ?? "unset"}, Urls={string.Join(";", urls)})");
        }
        foreach (var dockerfile in Files.Dockerfiles)
            Assert.False(dockerfile.Environment.ContainsKey("Gateway__Auth__EnableDemoSignIn"), $"{dockerfile.Path} sets the demo sign-in");
    }

    [Fact]
    public void Every_Silo_and_Gateway_variable_in_the_manifests_binds_to_a_real_option()
    {
        var problems = new List<string>();
        foreach (var container in Files.Containers.Where(c => c.IsSilo || c.IsGateway))
        {
            var appSettings = container.IsSilo ? ConfigurationCheck.SiloAppSettings : ConfigurationCheck.GatewayAppSettings;
            problems.AddRange(ConfigurationCheck.Problems(container.Environment, appSettings).Select(p => $"{container.Source} {container.Name}: {p}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("Silo__Clusterring", "Redis")]
    [InlineData("Silo__Storage", "Postgres")]
    [InlineData("Silo__HttpPort", "eighty")]
    [InlineData("Silo__Membership__ProbeTimeot", "00:00:05")]
    [InlineData("Gateway__Cluster__Gatways__0", "10.0.0.1:31000")]
    [InlineData("Gateway__Dashbaord", "true")]
    [InlineData("Gateway__Mode", "Cluster")]
    [InlineData("Silo_Port", "1")]
    [InlineData("Silo__Storage", "AzureTable")]
    [InlineData("Silo__AzureTables__TableNme", "LiveChat")]
    [InlineData("Gateway__Attachments__Store", "S3")]
    [InlineData("Gateway__Attachments__AzureBlobs__Container", "attachments")]
    [InlineData("Gateway__Attachments__Foldr", "/data")]
    [InlineData("Silo__Tls__CertificatPath", "/etc/livechat/tls/tls.crt")]
    [InlineData("Silo__Tls__Enabled", "yes")]
    [InlineData("Gateway__Cluster__Tls__CaCertPath", "/etc/livechat/tls/ca.crt")]
    [InlineData("Silo__Redis__Pasword", "secret")]
    [InlineData("Gateway__Management__Prot", "9464")]
    [InlineData("Gateway__RateLimits__ChatStart__PermitLimt", "5")]
    [InlineData("Gateway__RateLimits__Global__Window", "a minute")]
    public void The_check_itself_catches_a_misspelt_key_or_a_bad_value(string key, string value)
    {
        var problems = ConfigurationCheck.Problems(new Dictionary<string, string> { [key] = value }, ConfigurationCheck.SiloAppSettings);
        Assert.Single(problems);
        Assert.Empty(ConfigurationCheck.Problems(new Dictionary<string, string> { ["Silo__Membership__ProbeTimeout"] = "00:00:05" }, ConfigurationCheck.SiloAppSettings));
    }

    [Fact]
    public void The_Azure_storage_keys_are_settings_the_programs_read()
    {
        var silo = new Dictionary<string, string>
        {
            ["Silo__Storage"] = "AzureTables",
            ["Silo__AzureTables__ConnectionString"] = DeployFiles.SecretSample,
            ["Silo__AzureTables__TableName"] = "LiveChatGrainState",
        };
        Assert.Empty(ConfigurationCheck.Problems(silo, ConfigurationCheck.SiloAppSettings));
        var options = ConfigurationCheck.Effective(ConfigurationCheck.SiloAppSettings, silo).ReadSiloOptions();
        Assert.Equal((SiloStorage.AzureTables, DeployFiles.SecretSample, "LiveChatGrainState"),
            (options.Storage, options.AzureTables.ConnectionString, options.AzureTables.TableName));

        var gateway = new Dictionary<string, string>
        {
            ["Gateway__Attachments__Store"] = "AzureBlobs",
            ["Gateway__Attachments__AzureBlobs__ConnectionString"] = DeployFiles.SecretSample,
            ["Gateway__Attachments__AzureBlobs__ContainerName"] = "livechat-attachments",
            ["Gateway__Attachments__Folder"] = "/var/lib/livechat/attachments",
            ["Gateway__Attachments__MaxBytes"] = "1048576",
        };
        Assert.Empty(ConfigurationCheck.Problems(gateway, ConfigurationCheck.GatewayAppSettings));
        var store = AttachmentStoreSettings.Read(ConfigurationCheck.Effective(ConfigurationCheck.GatewayAppSettings, gateway));
        Assert.Equal((AttachmentStoreKind.AzureBlobs, DeployFiles.SecretSample, "livechat-attachments"),
            (store.Store, store.AzureBlobs.ConnectionString, store.AzureBlobs.ContainerName));
    }

    [Fact]
    public void Silos_use_Redis_and_advertise_an_address_the_others_reach()
    {
        foreach (var silo in Files.Containers.Where(c => c.IsSilo))
        {
            var options = Silo(silo);
            Assert.Equal(SiloClustering.Redis, options.Clustering);
            Assert.Equal(SiloStorage.Redis, options.Storage);
            Assert.True(options.ListenOnAnyHostAddress, $"{silo.Name}: a container silo listens on every interface");
            Assert.NotNull(options.HttpPort);
            if (silo.Source.Contains("k8s", StringComparison.Ordinal))
                Assert.Equal("fieldRef:status.podIP", silo.EnvironmentSources.GetValueOrDefault("Silo__AdvertisedIP"));
            else
                Assert.Equal(silo.Hostname, options.AdvertisedIP);
        }
    }

    [Fact]
    public void Gateways_find_the_silos_through_the_same_Redis_and_cluster_identity()
    {
        foreach (var group in Files.Containers.GroupBy(c => c.Source.Contains("k8s", StringComparison.Ordinal) ? "k8s" : c.Source))
        {
            var silos = group.Where(c => c.IsSilo).Select(Silo).ToList();
            Assert.NotEmpty(silos);
            Assert.Single(silos.Select(s => (s.ClusterId, s.ServiceId, s.Redis.ConnectionString)).Distinct());
            foreach (var gateway in group.Where(c => c.IsGateway))
            {
                var configuration = ConfigurationCheck.Effective(ConfigurationCheck.GatewayAppSettings, gateway.Environment);
                Assert.Equal("Client", configuration["Gateway:Mode"]);
                var cluster = GatewayClusterOptions.Read(configuration);
                Assert.Equal(GatewayClustering.Redis, cluster.Clustering);
                Assert.Equal(silos[0].ClusterId, cluster.ClusterId);
                Assert.Equal(silos[0].ServiceId, cluster.ServiceId);
                Assert.Equal(silos[0].Redis.ConnectionString, cluster.Redis.ConnectionString);
                Assert.True(configuration["Gateway:Auth:SigningKey"] is { Length: >= 32 }, $"{gateway.Name}: client mode needs a signing key of 32+ characters");
            }

            // The Redis they name is a service of the same files, on that port.
            var (host, port) = HostAndPort(silos[0].Redis.ConnectionString!);
            var redis = Assert.Single(Files.Endpoints, e => e.Name == host && (e.Source.Contains("k8s", StringComparison.Ordinal) ? "k8s" : e.Source) == group.Key);
            Assert.Contains(port, redis.Ports);
        }
    }

    [Fact]
    public void Silo_ports_agree_with_the_configuration_the_silo_reads()
    {
        foreach (var silo in Files.Containers.Where(c => c.IsSilo))
        {
            var options = Silo(silo);
            var image = Files.Dockerfiles.Single(d => d.Image == "livechat-silo");
            foreach (var port in new[] { options.SiloPort, options.GatewayPort, options.HttpPort!.Value })
            {
                Assert.Contains(port, image.Exposed);
                if (silo.Source.Contains("k8s", StringComparison.Ordinal)) Assert.Contains(port, silo.Ports);
            }
            if (silo.Source.Contains("k8s", StringComparison.Ordinal))
            {
                Assert.Equal(options.SiloPort, silo.NamedPorts["silo"]);
                Assert.Equal(options.GatewayPort, silo.NamedPorts["orleans-gateway"]);
                Assert.Equal(options.HttpPort, silo.NamedPorts["http"]);
            }
        }
    }

    [Fact]
    public void Gateway_ports_agree_with_the_URLs_the_gateway_listens_on()
    {
        var image = Files.Dockerfiles.Single(d => d.Image == "livechat-gateway");
        foreach (var gateway in Files.Containers.Where(c => c.IsGateway))
        {
            var configuration = ConfigurationCheck.Effective(ConfigurationCheck.GatewayAppSettings, gateway.Environment);
            var port = new Uri(configuration["Urls"]!).Port;
            Assert.Contains(port, image.Exposed);
            Assert.Contains(port, gateway.Ports);
            Assert.Equal("0.0.0.0", new Uri(configuration["Urls"]!).Host);
        }
        foreach (var service in Files.Endpoints.Where(e => e.Selector.GetValueOrDefault("app.kubernetes.io/name") == "livechat-gateway"))
        {
            var gateway = Files.Containers.Single(c => c.IsGateway && c.Source.Contains("k8s", StringComparison.Ordinal));
            Assert.All(service.TargetPorts, target => Assert.Contains(gateway.ResolvePort(target) ?? -1, gateway.Ports));
        }
    }

    [Fact]
    public void Gateway_metrics_are_scraped_on_the_management_port_which_no_public_route_reaches()
    {
        var image = Files.Dockerfiles.Single(d => d.Image == "livechat-gateway");
        foreach (var gateway in Files.Containers.Where(c => c.IsGateway))
        {
            var configuration = ConfigurationCheck.Effective(ConfigurationCheck.GatewayAppSettings, gateway.Environment);
            var management = configuration.GetSection(ManagementOptions.Section).Get<ManagementOptions>() ?? new ManagementOptions();
            var publicPort = new Uri(configuration["Urls"]!).Port;
            Assert.NotEqual(publicPort, management.Port);
            Assert.Equal("0.0.0.0", management.Address);
            Assert.Contains(management.Port, image.Exposed);
            if (gateway.Source.Contains("k8s", StringComparison.Ordinal))
            {
                // The scraper's annotations name the management port, which the container declares.
                var deployment = Files.Documents.Single(d => d.Source == gateway.Source && DeployFiles.Scalar(d.Node, "kind") == "Deployment"
                    && DeployFiles.Scalar(DeployFiles.Child(d.Node, "metadata"), "name") == gateway.Name.Split('/')[0]).Node;
                var annotations = DeployFiles.StringMap(DeployFiles.Child(DeployFiles.Child(DeployFiles.Child(DeployFiles.Child(deployment, "spec"), "template"), "metadata"), "annotations"));
                Assert.Equal(management.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), annotations["prometheus.io/port"]);
                Assert.Equal(LiveChatObservability.MetricsPath, annotations["prometheus.io/path"]);
                Assert.Contains(management.Port, gateway.Ports);
            }
            else
            {
                // Compose publishes the public port only.
                Assert.DoesNotContain(management.Port, gateway.Ports);
            }
        }
        // The gateway's Service routes the public port only.
        var k8sGateway = Files.Containers.Single(c => c.IsGateway && c.Source.Contains("k8s", StringComparison.Ordinal));
        var k8sManagement = ConfigurationCheck.Effective(ConfigurationCheck.GatewayAppSettings, k8sGateway.Environment)
            .GetSection(ManagementOptions.Section).Get<ManagementOptions>()!;
        foreach (var service in Files.Endpoints.Where(e => e.Selector.GetValueOrDefault("app.kubernetes.io/name") == "livechat-gateway"))
            Assert.All(service.TargetPorts, target => Assert.NotEqual(k8sManagement.Port, k8sGateway.ResolvePort(target)));
    }

    [Fact]
    public void Silo_probes_use_the_silo_health_endpoints_on_its_HTTP_port()
    {
        foreach (var silo in Files.Containers.Where(c => c.IsSilo && c.Source.Contains("k8s", StringComparison.Ordinal)))
        {
            var options = Silo(silo);
            Assert.Contains(silo.Probes, p => p.Kind == "readinessProbe" && p.Path == LiveChatObservability.ReadyPath);
            Assert.Contains(silo.Probes, p => p.Kind == "livenessProbe" && p.Path == LiveChatObservability.LivePath);
            foreach (var probe in silo.Probes)
            {
                Assert.Contains(probe.Path, new[] { LiveChatObservability.LivePath, LiveChatObservability.ReadyPath });
                Assert.Equal(options.HttpPort, silo.ResolvePort(probe.Port!));
            }
        }
    }

    [Fact]
    public async Task Gateway_probe_paths_answer_on_a_running_gateway()
    {
        var gateway = Files.Containers.Single(c => c.IsGateway && c.Source.Contains("k8s", StringComparison.Ordinal));
        var configuration = ConfigurationCheck.Effective(ConfigurationCheck.GatewayAppSettings, gateway.Environment);
        var port = new Uri(configuration["Urls"]!).Port;
        Assert.Contains(gateway.Probes, p => p.Kind == "readinessProbe");
        Assert.Contains(gateway.Probes, p => p.Kind == "livenessProbe");
        Assert.All(gateway.Probes, p => Assert.Equal(port, gateway.ResolvePort(p.Port!)));

        var factory = new GatewayFactory();
        try
        {
            await factory.InitializeAsync();
            using var http = factory.Anonymous();
            foreach (var path in gateway.Probes.Select(p => p.Path!).Distinct())
            {
                var response = await http.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
            }
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    [Fact]
    public void Silos_get_longer_to_stop_than_their_shutdown_timeout()
    {
        foreach (var silo in Files.Containers.Where(c => c.IsSilo))
        {
            var timeout = Silo(silo).ShutdownTimeout;
            Assert.True(timeout is not null, $"{silo.Name}: Silo__ShutdownTimeout should be set, so the grace period can be compared with it");
            var grace = silo.TerminationGracePeriodSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : silo.StopGracePeriod;
            Assert.True(grace > timeout, $"{silo.Source} {silo.Name}: the grace period ({grace}) must be longer than Silo__ShutdownTimeout ({timeout})");
        }
    }

    [Fact]
    public void The_disruption_budget_covers_the_silo_pods_and_keeps_most_of_them()
    {
        var budget = Files.Documents.Single(d => DeployFiles.Scalar(d.Node, "kind") == "PodDisruptionBudget").Node;
        var spec = DeployFiles.Child(budget, "spec");
        var selector = DeployFiles.StringMap(DeployFiles.Child(DeployFiles.Child(spec, "selector"), "matchLabels"));
        var silo = Files.Containers.Single(c => c.IsSilo && c.Source.Contains("k8s", StringComparison.Ordinal));
        Assert.NotEmpty(selector);
        Assert.All(selector, label => Assert.Equal(label.Value, silo.PodLabels.GetValueOrDefault(label.Key)));
        Assert.Equal("1", DeployFiles.Scalar(spec, "maxUnavailable"));
    }

    [Fact]
    public void Dockerfiles_publish_real_projects_and_run_their_assemblies()
    {
        foreach (var dockerfile in Files.Dockerfiles)
        {
            Assert.NotNull(dockerfile.PublishedProject);
            var project = Path.Combine(SiloLocator.RepositoryRoot, dockerfile.PublishedProject!);
            Assert.True(File.Exists(project), $"{dockerfile.Path} publishes {project}, which does not exist");
            Assert.Equal(Path.GetFileNameWithoutExtension(project) + ".dll", dockerfile.EntryAssembly);
            Assert.Equal(2, dockerfile.BaseImages.Count);
            Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", dockerfile.BaseImages[0], StringComparison.Ordinal);
            Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile.BaseImages[1], StringComparison.Ordinal);
            Assert.True(ConfigurationCheck.Problems(dockerfile.Environment,
                dockerfile.Image == "livechat-silo" ? ConfigurationCheck.SiloAppSettings : ConfigurationCheck.GatewayAppSettings).Count == 0);
        }
    }

    private static LiveChatSiloOptions Silo(DeployedContainer silo) =>
        ConfigurationCheck.Effective(ConfigurationCheck.SiloAppSettings, silo.Environment).ReadSiloOptions();

    private static (string Host, int Port) HostAndPort(string connectionString)
    {
        var endpoint = connectionString.Split(',')[0];
        var parts = endpoint.Split(':');
        return (parts[0], parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 6379);
    }
}
