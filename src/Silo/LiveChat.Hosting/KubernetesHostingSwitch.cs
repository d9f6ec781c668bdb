namespace LiveChat.Hosting;

using Orleans.Runtime;

/// <summary>
/// Whether a silo turns on Orleans' Kubernetes hosting (<c>UseKubernetesHosting</c>). The package talks to
/// the Kubernetes API of the pod's namespace (it lists, watches and deletes silo pods), so outside a pod it
/// would fail or, worse, act on whatever cluster a kubeconfig points at: it is on only where the pod's
/// identity is given (POD_NAMESPACE, POD_NAME, POD_IP, set by deploy/k8s/silo.yaml from the downward API),
/// unless <c>Silo:Kubernetes</c> says otherwise.
/// </summary>
public static class KubernetesHostingSwitch
{
    /// <summary>The variables a pod must carry, in the package's own names.</summary>
    public static readonly IReadOnlyList<string> PodVariables = ["POD_NAMESPACE", "POD_NAME", "POD_IP"];

    /// <summary>Every variable the package reads: the pod's identity and the cluster's (the pod's orleans/* labels).</summary>
    public static readonly IReadOnlyList<string> PackageVariables = [.. PodVariables, "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID"];

    /// <summary>
    /// <paramref name="setting"/> is <c>Silo:Kubernetes</c>: null decides by the pod variables (all present: on),
    /// false is off whatever the environment says, true is on and requires them. <paramref name="environment"/>
    /// reads a variable (the silo's configuration, which holds its environment variables).
    /// </summary>
    public static bool IsOn(bool? setting, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (setting == false) return false;
        var missing = PodVariables.Where(name => string.IsNullOrWhiteSpace(environment(name))).ToList();
        if (setting == true && missing.Count > 0)
        {
            throw new OrleansConfigurationException(
                $"Silo:Kubernetes=true needs the pod's {string.Join(", ", missing)} (set from the downward API, see deploy/k8s/silo.yaml); " +
                "leave Silo:Kubernetes empty to turn Kubernetes hosting on only inside a pod.");
        }
        return missing.Count == 0;
    }
}
