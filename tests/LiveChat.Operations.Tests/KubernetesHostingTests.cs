namespace LiveChat.Operations.Tests;

using LiveChat.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using YamlDotNet.RepresentationModel;

/// <summary>
/// Orleans' Kubernetes hosting: on in the silo pods of deploy/k8s (their identity from the downward API,
/// the orleans/* labels equal to the silo's cluster identity, a ServiceAccount whose Role allows what the
/// package does to pods), and off everywhere else: compose, tests, CI, a developer's machine.
/// </summary>
public sealed class KubernetesHostingTests
{
    private static readonly DeployFiles Files = DeployFiles.Load();
    private static readonly Dictionary<string, string?> InPod = new()
    {
        ["POD_NAMESPACE"] = "livechat",
        ["POD_NAME"] = "livechat-silo-7d9c-abcde",
        ["POD_IP"] = DeployFiles.PodIpSample,
    };

    private static DeployedContainer KubernetesSilo => Assert.Single(Files.Containers, c => c.IsSilo && c.Source.Contains("k8s", StringComparison.Ordinal));

    [Fact]
    public void The_silo_pods_carry_their_identity_from_the_downward_API_and_labels_equal_to_the_cluster_identity()
    {
        var silo = KubernetesSilo;
        Assert.Equal("fieldRef:metadata.namespace", silo.EnvironmentSources.GetValueOrDefault("POD_NAMESPACE"));
        Assert.Equal("fieldRef:metadata.name", silo.EnvironmentSources.GetValueOrDefault("POD_NAME"));
        Assert.Equal("fieldRef:status.podIP", silo.EnvironmentSources.GetValueOrDefault("POD_IP"));
        Assert.Equal("fieldRef:metadata.labels['orleans/serviceId']", silo.EnvironmentSources.GetValueOrDefault("ORLEANS_SERVICE_ID"));
        Assert.Equal("fieldRef:metadata.labels['orleans/clusterId']", silo.EnvironmentSources.GetValueOrDefault("ORLEANS_CLUSTER_ID"));

        // The package sets ServiceId/ClusterId from the labels: they must be the ones the silo and gateways configure.
        var options = ConfigurationCheck.Effective(ConfigurationCheck.SiloAppSettings, silo.Environment).ReadSiloOptions();
        Assert.Equal(options.ServiceId, silo.PodLabels.GetValueOrDefault("orleans/serviceId"));
        Assert.Equal(options.ClusterId, silo.PodLabels.GetValueOrDefault("orleans/clusterId"));
    }

    [Fact]
    public void Kubernetes_hosting_is_on_in_the_silo_pods_and_off_in_every_compose_silo()
    {
        foreach (var silo in Files.Containers.Where(c => c.IsSilo))
        {
            var configuration = ConfigurationCheck.Effective(ConfigurationCheck.SiloAppSettings, silo.Environment);
            var on = KubernetesHostingSwitch.IsOn(configuration.ReadSiloOptions().Kubernetes, key => configuration[key]);
            Assert.True(on == silo.Source.Contains("k8s", StringComparison.Ordinal), $"{silo.Source} {silo.Name}: Kubernetes hosting {(on ? "on" : "off")}");
        }
    }

    [Fact]
    public void The_silo_service_account_may_do_to_pods_what_the_package_does_and_only_in_its_namespace()
    {
        var deployment = Assert.Single(Documents("Deployment"), d => Name(d) == "livechat-silo");
        var account = DeployFiles.Scalar(DeployFiles.Child(DeployFiles.Child(DeployFiles.Child(deployment, "spec"), "template"), "spec"), "serviceAccountName");
        Assert.False(string.IsNullOrEmpty(account), "the silo Deployment names no serviceAccountName: pods would run as 'default', without the Role");
        Assert.Contains(Documents("ServiceAccount"), d => Name(d) == account);
        Assert.DoesNotContain(Documents("ClusterRoleBinding"), b => Subjects(b).Contains(account));

        var bindings = Documents("RoleBinding").Where(b => Subjects(b).Contains(account)).ToList();
        Assert.NotEmpty(bindings);
        var verbs = new HashSet<string>();
        foreach (var binding in bindings)
        {
            var roleRef = DeployFiles.Child(binding, "roleRef");
            Assert.Equal("Role", DeployFiles.Scalar(roleRef, "kind"));
            var role = Assert.Single(Documents("Role"), r => Name(r) == DeployFiles.Scalar(roleRef, "name"));
            foreach (var rule in DeployFiles.Sequence(DeployFiles.Child(role, "rules")))
            {
                var groups = Strings(DeployFiles.Child(rule, "apiGroups"));
                var resources = Strings(DeployFiles.Child(rule, "resources"));
                // Nothing beyond pods of the core group.
                Assert.Equal([""], groups);
                Assert.Equal(["pods"], resources);
                verbs.UnionWith(Strings(DeployFiles.Child(rule, "verbs")));
            }
        }
        // The package reads and watches pods, deletes the pods of dead silos and labels its own (patch).
        Assert.Equal(new HashSet<string> { "get", "list", "watch", "delete", "patch" }, verbs);
    }

    [Fact]
    public void The_switch_is_on_only_with_every_pod_variable_and_never_when_turned_off()
    {
        Assert.False(KubernetesHostingSwitch.IsOn(null, _ => null));
        foreach (var missing in KubernetesHostingSwitch.PodVariables)
            Assert.False(KubernetesHostingSwitch.IsOn(null, key => key == missing ? " " : InPod.GetValueOrDefault(key)), $"on without {missing}");
        Assert.True(KubernetesHostingSwitch.IsOn(null, InPod.GetValueOrDefault));
        Assert.True(KubernetesHostingSwitch.IsOn(true, InPod.GetValueOrDefault));
        Assert.False(KubernetesHostingSwitch.IsOn(false, InPod.GetValueOrDefault));

        var error = Assert.Throws<OrleansConfigurationException>(() => KubernetesHostingSwitch.IsOn(true, key => key == "POD_IP" ? null : InPod.GetValueOrDefault(key)));
        Assert.Contains("POD_IP", error.Message);
    }

    [Fact]
    public void This_test_process_is_not_a_pod_so_a_silo_here_runs_without_Kubernetes_hosting()
    {
        // Tests and CI run silos with the environment this process has: none of the pod's identity.
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>().ToHashSet();
        Assert.DoesNotContain(KubernetesHostingSwitch.PodVariables, environment.Contains);
        Assert.False(KubernetesHostingSwitch.IsOn(null, Environment.GetEnvironmentVariable));
    }

    [Theory]
    [InlineData("Redis", false, false)]
    [InlineData("AzureTables", false, false)]
    [InlineData("Redis", true, true)]
    [InlineData("AzureTables", true, true)]
    [InlineData("Localhost", true, false)]
    public void A_clustered_silo_registers_Kubernetes_hosting_only_in_a_pod(string clustering, bool inPod, bool expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Silo:Clustering"] = clustering,
            ["Silo:Redis:ConnectionString"] = "127.0.0.1:9",
            ["Silo:AzureTables:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Silo:Storage"] = clustering == "Localhost" ? "Sqlite" : "Redis",
            ["Silo:DataFolder"] = Path.Combine(Path.GetTempPath(), "livechat-k8s-switch"),
        };
        if (inPod) foreach (var (key, value) in InPod) settings[key] = value;

        Assert.Equal(expected, RegistersKubernetesHosting(settings));
    }

    [Fact]
    public void Kubernetes_true_outside_a_pod_stops_the_silo_before_it_starts()
    {
        var error = Assert.Throws<OrleansConfigurationException>(() => RegistersKubernetesHosting(new Dictionary<string, string?>
        {
            ["Silo:Clustering"] = "Redis",
            ["Silo:Redis:ConnectionString"] = "127.0.0.1:9",
            ["Silo:Storage"] = "Redis",
            ["Silo:Kubernetes"] = "true",
        }));
        Assert.Contains("POD_NAMESPACE", error.Message);
    }

    /// <summary>Configures (never starts) a silo host on <paramref name="settings"/> and tells whether Orleans' Kubernetes package is in it.</summary>
    private static bool RegistersKubernetesHosting(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo => silo.UseLiveChatSilo(builder.Configuration));
        return builder.Services.Any(d => d.ImplementationType?.Namespace == "Orleans.Hosting.Kubernetes");
    }

    private static IEnumerable<YamlMappingNode> Documents(string kind) =>
        Files.Documents.Where(d => d.Source.Contains("k8s", StringComparison.Ordinal) && DeployFiles.Scalar(d.Node, "kind") == kind).Select(d => d.Node);

    private static string? Name(YamlNode document) => DeployFiles.Scalar(DeployFiles.Child(document, "metadata"), "name");

    private static List<string?> Subjects(YamlNode binding) =>
        DeployFiles.Sequence(DeployFiles.Child(binding, "subjects"))
            .Where(s => DeployFiles.Scalar(s, "kind") == "ServiceAccount").Select(s => DeployFiles.Scalar(s, "name")).ToList();

    private static List<string> Strings(YamlNode? node) =>
        DeployFiles.Sequence(node).OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList();
}
