namespace LiveChat.Operations.Tests;

using System.Text.Json;
using System.Text.RegularExpressions;
using LiveChat.Hosting;
using LiveChat.Hosting.Security;

/// <summary>
/// Transport security in the deployment files: no secret written in them (compose takes its keys from
/// an ignored deploy/.env that deploy/init-env.sh generates; Kubernetes from Secrets), Redis requires
/// the password every silo and gateway is given, silos and gateways run mutual TLS with files from a
/// mounted secret, and the NetworkPolicies let only gateways reach the silos' gateway port, only silos
/// the silo port, only silos and gateways Redis.
/// </summary>
public sealed class TransportSecurityManifestTests
{
    private static readonly DeployFiles Files = DeployFiles.Load();
    private static readonly string Compose = Path.Combine(DeployFiles.Folder, "docker-compose.yml");
    private static readonly string InitScript = Path.Combine(DeployFiles.Folder, "init-env.sh");

    private static bool IsSecretKey(string key) =>
        Regex.IsMatch(key, "(SigningKey|Password|PASSWORD|REDISCLI_AUTH)$", RegexOptions.CultureInvariant);

    private static bool IsKubernetes(DeployedContainer c) => c.Source.Contains("k8s", StringComparison.Ordinal);

    [Fact]
    public void No_secret_is_written_in_the_deployment_files_or_appsettings()
    {
        var secrets = Files.Containers.SelectMany(c => c.EnvironmentSources.Where(e => IsSecretKey(e.Key)).Select(e => (c, e.Key, Source: e.Value))).ToList();
        Assert.Contains(secrets, s => s.Key == "Gateway__Auth__SigningKey");
        Assert.Contains(secrets, s => s.Key == "Silo__Redis__Password");
        foreach (var (container, key, source) in secrets)
        {
            var expected = IsKubernetes(container) ? "secret:" : "variable:";
            Assert.True(source.StartsWith(expected, StringComparison.Ordinal), $"{container.Source} {container.Name}: {key} is {source}, not from a {expected[..^1]}");
        }

        // Compose refuses to start without them (${NAME:?…}), rather than running with an empty key.
        var text = File.ReadAllText(Compose);
        var references = Regex.Matches(text, @"\$\{(\w+)([^}]*)\}").ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.StartsWith(":?", r.Groups[2].Value, StringComparison.Ordinal));

        // No key or password in any appsettings of a program.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(SiloLocator.RepositoryRoot, "src"), "appsettings*.json", SearchOption.AllDirectories))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            foreach (var (path, value) in Leaves(json.RootElement, ""))
            {
                if (Regex.IsMatch(path, "(SigningKey|Password)$", RegexOptions.IgnoreCase))
                    Assert.True(string.IsNullOrEmpty(value), $"{file}: {path} holds a secret");
                if (path.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase))
                    Assert.False(Regex.IsMatch(value ?? "", "(password|AccountKey)=", RegexOptions.IgnoreCase), $"{file}: {path} holds a secret");
            }
        }
    }

    [Fact]
    public void The_compose_secrets_are_generated_into_files_git_ignores()
    {
        var script = File.ReadAllText(InitScript);
        var variables = Regex.Matches(File.ReadAllText(Compose), @"\$\{(\w+)").Select(m => m.Groups[1].Value).Distinct().ToList();
        foreach (var variable in variables)
            Assert.Matches(new Regex($"echo \"{variable}=\\$\\(openssl rand "), script);

        // The certificates the compose services mount are the files the script writes.
        foreach (var container in Files.Containers.Where(c => !IsKubernetes(c) && (c.IsSilo || c.IsGateway)))
        {
            foreach (var path in TlsOf(container).Paths)
            {
                var mount = container.MountOf(path);
                Assert.True(mount is { Source: "bind:./.certs" }, $"{container.Name}: {path} is not in the ./.certs bind mount");
                Assert.Contains($"\"$certs/{Path.GetFileName(path)}\"", script, StringComparison.Ordinal);
            }
        }

        var ignored = File.ReadAllLines(Path.Combine(SiloLocator.RepositoryRoot, ".gitignore")).Select(l => l.Trim()).ToList();
        Assert.Contains("deploy/.env", ignored);
        Assert.Contains("deploy/.certs/", ignored);
        Assert.False(File.Exists(Path.Combine(DeployFiles.Folder, ".env")) && IsTracked("deploy/.env"), "deploy/.env is committed");
    }

    [Fact]
    public void Redis_requires_the_password_every_silo_and_gateway_is_given()
    {
        foreach (var group in Files.Containers.GroupBy(c => IsKubernetes(c) ? "k8s" : c.Source))
        {
            var redis = Assert.Single(group, c => c.Image.StartsWith("redis", StringComparison.Ordinal));
            var requirepass = redis.Arguments.IndexOf("--requirepass");
            Assert.True(requirepass >= 0 && requirepass + 1 < redis.Arguments.Count, $"{redis.Source}: Redis runs without --requirepass");
            var argument = redis.Arguments[requirepass + 1];
            // Where the server's password comes from, the way the file says it.
            string serverPassword;
            if (IsKubernetes(redis))
            {
                var variable = Regex.Match(argument, @"^\$\((\w+)\)$").Groups[1].Value;
                serverPassword = redis.EnvironmentSources.GetValueOrDefault(variable, "literal");
            }
            else
            {
                serverPassword = "variable:" + Regex.Match(argument, @"^\$\{(\w+)").Groups[1].Value;
            }
            Assert.True(serverPassword.StartsWith("secret:", StringComparison.Ordinal) || serverPassword.StartsWith("variable:", StringComparison.Ordinal)
                && serverPassword.Length > "variable:".Length, $"{redis.Source}: --requirepass {argument} is not from a secret");
            Assert.Equal(serverPassword, redis.EnvironmentSources.GetValueOrDefault("REDISCLI_AUTH"));

            foreach (var silo in group.Where(c => c.IsSilo))
            {
                Assert.Equal(serverPassword, silo.EnvironmentSources.GetValueOrDefault("Silo__Redis__Password"));
                Assert.False(string.IsNullOrEmpty(ConfigurationCheck.Effective(ConfigurationCheck.SiloAppSettings, silo.Environment).ReadSiloOptions().Redis.Password));
            }
            foreach (var gateway in group.Where(c => c.IsGateway))
            {
                Assert.Equal(serverPassword, gateway.EnvironmentSources.GetValueOrDefault("Gateway__Cluster__Redis__Password"));
                Assert.False(string.IsNullOrEmpty(GatewayClusterOptions.Read(ConfigurationCheck.Effective(ConfigurationCheck.GatewayAppSettings, gateway.Environment)).Redis.Password));
            }
        }
    }

    [Fact]
    public void Silos_and_gateways_run_mutual_TLS_with_files_from_a_mounted_secret_of_one_authority()
    {
        var certificateManager = Files.Documents.Where(d => DeployFiles.Scalar(d.Node, "kind") == "Certificate")
            .Select(d => DeployFiles.Scalar(DeployFiles.Child(d.Node, "spec"), "secretName")).ToHashSet();
        foreach (var group in Files.Containers.Where(c => c.IsSilo || c.IsGateway).GroupBy(c => IsKubernetes(c) ? "k8s" : c.Source))
        {
            Assert.Contains(group, c => c.IsSilo);
            Assert.Contains(group, c => c.IsGateway);
            var authorities = new HashSet<string>();
            foreach (var container in group)
            {
                var (tls, paths) = TlsOf(container);
                Assert.True(tls.Enabled, $"{container.Source} {container.Name}: TLS is off");
                Assert.Equal(3, paths.Count);
                foreach (var path in paths)
                {
                    var mount = container.MountOf(path);
                    Assert.True(mount is not null, $"{container.Source} {container.Name}: {path} is in no mounted volume");
                    if (IsKubernetes(container))
                    {
                        Assert.StartsWith("secret:", mount!.Value.Source, StringComparison.Ordinal);
                        // The keys of a TLS secret (cert-manager's and `kubectl create secret tls` + ca.crt).
                        Assert.Contains(Path.GetFileName(path), new[] { "tls.crt", "tls.key", "ca.crt" });
                        Assert.Contains(mount.Value.Source["secret:".Length..], certificateManager);
                    }
                }
                authorities.Add($"{container.MountOf(tls.CaCertificatePath!)?.Source}");
            }
            // cert-manager's secrets differ per workload but carry the same CA; compose mounts one folder.
            if (group.Key != "k8s") Assert.Single(authorities);
        }
        var issuers = Files.Documents.Where(d => DeployFiles.Scalar(d.Node, "kind") == "Certificate"
                && DeployFiles.Scalar(DeployFiles.Child(d.Node, "spec"), "isCA") != "true")
            .Select(d => DeployFiles.Scalar(DeployFiles.Child(DeployFiles.Child(d.Node, "spec"), "issuerRef"), "name")).Distinct().ToList();
        Assert.Single(issuers);
    }

    [Fact]
    public void A_default_deny_policy_covers_every_livechat_pod()
    {
        var policies = new NetworkPolicies(Files);
        var denyAll = policies.All.Where(p => p.RestrictsIngress && p.Rules.Count == 0).ToList();
        var pods = policies.Pods.ToList();
        Assert.Equal(3, pods.Count);
        foreach (var pod in pods)
            Assert.True(denyAll.Any(p => p.Selects(pod)), $"{pod.Name}: no default-deny policy selects it");
    }

    [Fact]
    public void Only_gateways_reach_the_silo_gateway_port_only_silos_the_silo_port_and_only_both_Redis()
    {
        var policies = new NetworkPolicies(Files);
        var silo = policies.Pods.Single(c => c.IsSilo);
        var gateway = policies.Pods.Single(c => c.IsGateway);
        var redis = policies.Pods.Single(c => c.Image.StartsWith("redis", StringComparison.Ordinal));
        var options = ConfigurationCheck.Effective(ConfigurationCheck.SiloAppSettings, silo.Environment).ReadSiloOptions();
        const string Prometheus = "namespace kubernetes.io/metadata.name=monitoring app.kubernetes.io/name=prometheus";

        var expected = new (DeployedContainer Pod, int Port, string[] Sources)[]
        {
            (silo, options.SiloPort, ["livechat-silo"]),
            (silo, options.GatewayPort, ["livechat-gateway"]),
            (silo, options.HttpPort!.Value, [Prometheus]),
            (redis, redis.NamedPorts["redis"], ["livechat-gateway", "livechat-silo"]),
            (gateway, gateway.NamedPorts["http"], ["anyone"]),
            // The gateway's management port (/metrics): the scraper only.
            (gateway, gateway.NamedPorts["management"], [Prometheus]),
        };
        foreach (var (pod, port, sources) in expected)
        {
            var allowed = policies.AllowedSources(pod, port);
            Assert.True(allowed.SetEquals(sources), $"{pod.Name} port {port}: allowed {NetworkPolicies.Format(allowed)}, expected {NetworkPolicies.Format(sources)}");
        }
        // Every port of every pod is covered above: nothing else is open.
        foreach (var pod in policies.Pods)
        {
            foreach (var port in pod.Ports.Where(p => !expected.Any(e => e.Pod == pod && e.Port == p)))
                Assert.True(policies.AllowedSources(pod, port).Count == 0, $"{pod.Name} port {port} is reachable: {NetworkPolicies.Format(policies.AllowedSources(pod, port))}");
        }
        // The redis Service's port is the one the policy opens.
        Assert.Contains(redis.NamedPorts["redis"], Files.Endpoints.Single(e => e.Name == "livechat-redis").Ports);
    }

    private static (TransportTlsSettings Settings, List<string> Paths) TlsOf(DeployedContainer container)
    {
        var tls = container.IsSilo
            ? ConfigurationCheck.Effective(ConfigurationCheck.SiloAppSettings, container.Environment).ReadSiloOptions().Tls
            : GatewayClusterOptions.Read(ConfigurationCheck.Effective(ConfigurationCheck.GatewayAppSettings, container.Environment)).Tls;
        var paths = new[] { tls.CertificatePath, tls.KeyPath, tls.CaCertificatePath }.Where(p => !string.IsNullOrEmpty(p)).Select(p => p!).ToList();
        return (tls, paths);
    }

    private static IEnumerable<(string Path, string? Value)> Leaves(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var leaf in Leaves(property.Value, path.Length == 0 ? property.Name : $"{path}:{property.Name}")) yield return leaf;
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var leaf in Leaves(item, $"{path}:{index++}")) yield return leaf;
                }
                break;
            default:
                yield return (path, element.ValueKind == JsonValueKind.Null ? null : element.ToString());
                break;
        }
    }

    private static bool IsTracked(string path)
    {
        var info = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = SiloLocator.RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "ls-files", "--error-unmatch", path }) info.ArgumentList.Add(argument);
        using var git = System.Diagnostics.Process.Start(info)!;
        git.WaitForExit(10_000);
        return git.ExitCode == 0;
    }
}
