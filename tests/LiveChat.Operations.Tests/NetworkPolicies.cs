namespace LiveChat.Operations.Tests;

using System.Globalization;
using YamlDotNet.RepresentationModel;

/// <summary>One source an ingress rule allows: pods by label, optionally in namespaces by label; both null: anyone.</summary>
public sealed record NetworkPeer(IReadOnlyDictionary<string, string>? Pods, IReadOnlyDictionary<string, string>? Namespaces);

/// <summary>An ingress rule: its sources (null: any source) and ports (null: every port; names or numbers).</summary>
public sealed record IngressRule(IReadOnlyList<NetworkPeer>? From, IReadOnlyList<string>? Ports);

/// <summary>A Kubernetes NetworkPolicy, ingress side.</summary>
public sealed record NetworkPolicy(string Name, IReadOnlyDictionary<string, string> PodSelector, bool RestrictsIngress, IReadOnlyList<IngressRule> Rules)
{
    public bool Selects(DeployedContainer pod) => PodSelector.All(l => pod.PodLabels.GetValueOrDefault(l.Key) == l.Value);
}

/// <summary>
/// The NetworkPolicies under deploy/k8s and what they let reach a pod's port, the way Kubernetes
/// evaluates them: a pod selected by any ingress policy accepts only what some rule of those
/// policies allows (rules add up; none takes anything away).
/// </summary>
public sealed class NetworkPolicies(DeployFiles files)
{
    public IReadOnlyList<NetworkPolicy> All { get; } = files.Documents
        .Where(d => DeployFiles.Scalar(d.Node, "kind") == "NetworkPolicy")
        .Select(d => Parse(d.Node)).ToList();

    public IEnumerable<DeployedContainer> Pods => files.Containers.Where(c => c.Source.Contains("k8s", StringComparison.Ordinal));

    /// <summary>Who may reach <paramref name="port"/> of <paramref name="pod"/>: "anyone", a workload name ("livechat-silo"), or a namespace/pod description.</summary>
    public IReadOnlySet<string> AllowedSources(DeployedContainer pod, int port)
    {
        var sources = new HashSet<string>();
        var policies = All.Where(p => p.RestrictsIngress && p.Selects(pod)).ToList();
        if (policies.Count == 0) return new HashSet<string> { "anyone (no policy selects the pod)" };
        foreach (var rule in policies.SelectMany(p => p.Rules))
        {
            if (rule.Ports is not null && !rule.Ports.Any(p => pod.ResolvePort(p) == port)) continue;
            if (rule.From is null)
            {
                sources.Add("anyone");
                continue;
            }
            foreach (var peer in rule.From) sources.Add(Describe(peer));
        }
        return sources;
    }

    private string Describe(NetworkPeer peer)
    {
        if (peer.Pods is null && peer.Namespaces is null) return "anyone";
        var pods = peer.Pods is null ? "any pod" : string.Join(",", peer.Pods.Select(l => $"{l.Key}={l.Value}"));
        if (peer.Namespaces is not null)
            return $"namespace {string.Join(",", peer.Namespaces.Select(l => $"{l.Key}={l.Value}"))} {pods}";
        // Pods of this namespace: named after the workloads they select.
        var workloads = Pods.Where(c => peer.Pods!.All(l => c.PodLabels.GetValueOrDefault(l.Key) == l.Value))
            .Select(c => c.Name.Split('/')[0]).Distinct().Order().ToList();
        return workloads.Count > 0 ? string.Join("+", workloads) : $"pods {pods} (matching no workload)";
    }

    private static NetworkPolicy Parse(YamlMappingNode node)
    {
        var spec = DeployFiles.Child(node, "spec");
        var types = DeployFiles.Sequence(DeployFiles.Child(spec, "policyTypes")).OfType<YamlScalarNode>().Select(t => t.Value).ToList();
        var rules = new List<IngressRule>();
        foreach (var rule in DeployFiles.Sequence(DeployFiles.Child(spec, "ingress")).OfType<YamlMappingNode>())
        {
            var from = DeployFiles.Child(rule, "from") is null ? null : DeployFiles.Sequence(DeployFiles.Child(rule, "from")).OfType<YamlMappingNode>()
                .Select(p => new NetworkPeer(
                    DeployFiles.Child(p, "podSelector") is { } pods ? DeployFiles.StringMap(DeployFiles.Child(pods, "matchLabels")) : null,
                    DeployFiles.Child(p, "namespaceSelector") is { } namespaces ? DeployFiles.StringMap(DeployFiles.Child(namespaces, "matchLabels")) : null))
                .ToList();
            var ports = DeployFiles.Child(rule, "ports") is null ? null : DeployFiles.Sequence(DeployFiles.Child(rule, "ports")).OfType<YamlMappingNode>()
                .Select(p => DeployFiles.Scalar(p, "port") ?? "").ToList();
            rules.Add(new IngressRule(from, ports));
        }
        return new NetworkPolicy(
            DeployFiles.Scalar(DeployFiles.Child(node, "metadata"), "name") ?? "?",
            DeployFiles.StringMap(DeployFiles.Child(DeployFiles.Child(spec, "podSelector"), "matchLabels")),
            types.Contains("Ingress") || (types.Count == 0 && DeployFiles.Child(spec, "ingress") is not null),
            rules);
    }

    public static string Format(IEnumerable<string> sources) => string.Join(" | ", sources.Order(StringComparer.Ordinal).Select(s => s.ToString(CultureInfo.InvariantCulture)));
}
