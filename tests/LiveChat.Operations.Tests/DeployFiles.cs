namespace LiveChat.Operations.Tests;

using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

/// <summary>One container of a deployment file: its environment (image defaults included), ports and probes.</summary>
public sealed record DeployedContainer(
    string Source,
    string Name,
    string Image,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, string> EnvironmentSources,
    IReadOnlyDictionary<string, int> NamedPorts,
    IReadOnlyList<int> Ports,
    IReadOnlyList<Probe> Probes,
    int? TerminationGracePeriodSeconds,
    TimeSpan? StopGracePeriod,
    IReadOnlyDictionary<string, string> PodLabels,
    string? Hostname)
{
    /// <summary>Where the container's files come from: mount path to "secret:NAME", "volume:NAME", "claim:NAME" or "bind:PATH".</summary>
    public Dictionary<string, string> Mounts { get; } = [];
    /// <summary>Its command line after the image's entry point (Kubernetes args, or the compose command).</summary>
    public List<string> Arguments { get; } = [];

    /// <summary>The mount <paramref name="path"/> lies in, with its source; null when it is in none.</summary>
    public (string MountPath, string Source)? MountOf(string path) =>
        Mounts.Where(m => path.StartsWith(m.Key.TrimEnd('/') + "/", StringComparison.Ordinal))
            .Select(m => ((string, string)?)(m.Key, m.Value)).FirstOrDefault();

    public bool IsSilo => Image.StartsWith("livechat-silo", StringComparison.Ordinal);
    public bool IsGateway => Image.StartsWith("livechat-gateway", StringComparison.Ordinal);

    /// <summary>A probe's port: a number, or the name of one of this container's ports.</summary>
    public int? ResolvePort(string port) =>
        int.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number
        : NamedPorts.TryGetValue(port, out var named) ? named : null;
}

public sealed record Probe(string Kind, string? Path, string? Port);

/// <summary>A Kubernetes Service or a compose service name other containers reach, with its ports.</summary>
public sealed record Endpoint(string Source, string Name, IReadOnlyList<int> Ports, IReadOnlyDictionary<string, string> Selector, IReadOnlyList<string> TargetPorts);

/// <summary>A Dockerfile: its ENV defaults, EXPOSEd ports, base images, published project and entry point.</summary>
public sealed record Dockerfile(string Path, string Image, IReadOnlyDictionary<string, string> Environment, IReadOnlyList<int> Exposed,
    IReadOnlyList<string> BaseImages, string? PublishedProject, string? EntryAssembly);

/// <summary>Everything under deploy/, parsed: Kubernetes manifests, docker-compose.yml and the Dockerfiles.</summary>
public sealed class DeployFiles
{
    /// <summary>Stand-ins for values taken from the pod or a Secret at run time.</summary>
    public const string PodIpSample = "10.1.2.3";
    public const string SecretSample = "a-secret-value-of-at-least-thirty-two-characters";

    public static string Folder => System.IO.Path.Combine(SiloLocator.RepositoryRoot, "deploy");

    public List<string> YamlFiles { get; } = [];
    public List<DeployedContainer> Containers { get; } = [];
    public List<Endpoint> Endpoints { get; } = [];
    public List<(string Source, YamlMappingNode Node)> Documents { get; } = [];
    public List<Dockerfile> Dockerfiles { get; } = [];

    public static DeployFiles Load()
    {
        var files = new DeployFiles();
        foreach (var path in Directory.EnumerateFiles(Folder, "*.Dockerfile", SearchOption.AllDirectories).Order())
            files.Dockerfiles.Add(ParseDockerfile(path));
        foreach (var path in Directory.EnumerateFiles(Folder, "*.*", SearchOption.AllDirectories)
                     .Where(p => p.EndsWith(".yaml", StringComparison.Ordinal) || p.EndsWith(".yml", StringComparison.Ordinal)).Order())
        {
            files.YamlFiles.Add(path);
            var stream = new YamlStream();
            using (var reader = new StreamReader(path)) stream.Load(reader);
            var source = System.IO.Path.GetRelativePath(SiloLocator.RepositoryRoot, path);
            foreach (var document in stream.Documents)
            {
                if (document.RootNode is not YamlMappingNode root) continue;
                files.Documents.Add((source, root));
                if (Scalar(root, "kind") is { } kind) files.LoadKubernetes(source, kind, root);
                else if (Child(root, "services") is YamlMappingNode services) files.LoadCompose(source, services);
            }
        }
        return files;
    }

    // ---- Kubernetes -------------------------------------------------------------------------------

    private void LoadKubernetes(string source, string kind, YamlMappingNode root)
    {
        var spec = Child(root, "spec") as YamlMappingNode;
        var name = Scalar(Child(root, "metadata"), "name") ?? "?";
        if (kind is "Deployment" or "StatefulSet" && Child(Child(spec, "template"), "spec") is YamlMappingNode pod)
        {
            var labels = StringMap(Child(Child(Child(spec, "template"), "metadata"), "labels"));
            var grace = Scalar(pod, "terminationGracePeriodSeconds") is { } g ? int.Parse(g, CultureInfo.InvariantCulture) : (int?)null;
            foreach (var container in Sequence(Child(pod, "containers")).OfType<YamlMappingNode>())
            {
                var image = Scalar(container, "image") ?? "";
                var environment = new Dictionary<string, string>(ImageDefaults(image));
                var sources = environment.Keys.ToDictionary(k => k, _ => "image");
                foreach (var variable in Sequence(Child(container, "env")).OfType<YamlMappingNode>())
                {
                    var key = Scalar(variable, "name")!;
                    if (Scalar(variable, "value") is { } value)
                    {
                        environment[key] = value;
                        sources[key] = "value";
                    }
                    else if (Scalar(Child(Child(variable, "valueFrom"), "fieldRef"), "fieldPath") is { } field)
                    {
                        environment[key] = field == "status.podIP" ? PodIpSample : $"field:{field}";
                        sources[key] = $"fieldRef:{field}";
                    }
                    else if (Child(Child(variable, "valueFrom"), "secretKeyRef") is { } secret)
                    {
                        environment[key] = SecretSample;
                        sources[key] = $"secret:{Scalar(secret, "name")}/{Scalar(secret, "key")}";
                    }
                }
                var namedPorts = new Dictionary<string, int>();
                var ports = new List<int>();
                foreach (var port in Sequence(Child(container, "ports")).OfType<YamlMappingNode>())
                {
                    var number = int.Parse(Scalar(port, "containerPort")!, CultureInfo.InvariantCulture);
                    ports.Add(number);
                    if (Scalar(port, "name") is { } portName) namedPorts[portName] = number;
                }
                var probes = new List<Probe>();
                foreach (var probeKind in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
                {
                    if (Child(container, probeKind) is not YamlMappingNode probe) continue;
                    var http = Child(probe, "httpGet");
                    probes.Add(new Probe(probeKind, Scalar(http, "path"), Scalar(http, "port") ?? Scalar(Child(probe, "tcpSocket"), "port")));
                }
                var deployed = new DeployedContainer(source, $"{name}/{Scalar(container, "name")}", image, environment, sources,
                    namedPorts, ports, probes, grace, null, labels, null);
                var volumes = Sequence(Child(pod, "volumes")).OfType<YamlMappingNode>().ToDictionary(
                    v => Scalar(v, "name")!,
                    v => Scalar(Child(v, "secret"), "secretName") is { } secretName ? $"secret:{secretName}"
                        : Scalar(Child(v, "persistentVolumeClaim"), "claimName") is { } claim ? $"claim:{claim}" : $"volume:{Scalar(v, "name")}");
                foreach (var template in Sequence(Child(spec, "volumeClaimTemplates")).OfType<YamlMappingNode>())
                    volumes[Scalar(Child(template, "metadata"), "name")!] = $"claim:{Scalar(Child(template, "metadata"), "name")}";
                foreach (var mount in Sequence(Child(container, "volumeMounts")).OfType<YamlMappingNode>())
                    deployed.Mounts[Scalar(mount, "mountPath")!] = volumes.GetValueOrDefault(Scalar(mount, "name")!, "undeclared:" + Scalar(mount, "name"));
                deployed.Arguments.AddRange(Sequence(Child(container, "args")).OfType<YamlScalarNode>().Select(a => a.Value ?? ""));
                Containers.Add(deployed);
            }
        }
        else if (kind == "Service")
        {
            var ports = Sequence(Child(spec, "ports")).OfType<YamlMappingNode>().ToList();
            Endpoints.Add(new Endpoint(source, name,
                ports.Select(p => int.Parse(Scalar(p, "port")!, CultureInfo.InvariantCulture)).ToList(),
                StringMap(Child(spec, "selector")),
                ports.Select(p => Scalar(p, "targetPort") ?? Scalar(p, "port")!).ToList()));
        }
    }

    // ---- docker compose ---------------------------------------------------------------------------

    private void LoadCompose(string source, YamlMappingNode services)
    {
        foreach (var (key, value) in Merged(services))
        {
            var name = ((YamlScalarNode)key).Value!;
            var service = Merged(value as YamlMappingNode);
            var image = service.TryGetValue(new YamlScalarNode("image"), out var i) ? ((YamlScalarNode)i).Value! : "";
            var environment = new Dictionary<string, string>(ImageDefaults(image));
            var sources = environment.Keys.ToDictionary(k => k, _ => "image");
            if (service.TryGetValue(new YamlScalarNode("environment"), out var env))
            {
                foreach (var (k, v) in Merged(env as YamlMappingNode))
                {
                    var text = ((YamlScalarNode)v).Value ?? "";
                    // ${NAME...}: given at `docker compose up` (deploy/.env), not written here.
                    if (Regex.Match(text, @"^\$\{(\w+)") is { Success: true } variable)
                    {
                        environment[((YamlScalarNode)k).Value!] = SecretSample;
                        sources[((YamlScalarNode)k).Value!] = $"variable:{variable.Groups[1].Value}";
                    }
                    else
                    {
                        environment[((YamlScalarNode)k).Value!] = text;
                        sources[((YamlScalarNode)k).Value!] = "value";
                    }
                }
            }
            var ports = new List<int>();
            if (service.TryGetValue(new YamlScalarNode("ports"), out var published))
            {
                foreach (var mapping in Sequence(published).OfType<YamlScalarNode>())
                    ports.Add(int.Parse(mapping.Value!.Split(':')[^1], CultureInfo.InvariantCulture));
            }
            TimeSpan? stopGrace = service.TryGetValue(new YamlScalarNode("stop_grace_period"), out var grace)
                ? ParseComposeDuration(((YamlScalarNode)grace).Value!) : null;
            var hostname = service.TryGetValue(new YamlScalarNode("hostname"), out var h) ? ((YamlScalarNode)h).Value : name;
            var deployed = new DeployedContainer(source, name, image, environment, sources, new Dictionary<string, int>(), ports, [],
                null, stopGrace, new Dictionary<string, string>(), hostname);
            if (service.TryGetValue(new YamlScalarNode("volumes"), out var volumes))
            {
                foreach (var volume in Sequence(volumes).OfType<YamlScalarNode>())
                {
                    var parts = volume.Value!.Split(':');
                    deployed.Mounts[parts[1]] = parts[0].StartsWith('.') || parts[0].StartsWith('/') ? $"bind:{parts[0]}" : $"volume:{parts[0]}";
                }
            }
            if (service.TryGetValue(new YamlScalarNode("command"), out var command))
                deployed.Arguments.AddRange(Sequence(command).OfType<YamlScalarNode>().Select(a => a.Value ?? ""));
            Containers.Add(deployed);
            var servicePorts = image.StartsWith("redis", StringComparison.Ordinal) ? new List<int> { 6379 } : ports;
            Endpoints.Add(new Endpoint(source, name, servicePorts, new Dictionary<string, string>(), []));
        }
    }

    private static TimeSpan ParseComposeDuration(string value)
    {
        var match = Regex.Match(value, @"^(\d+)(ms|s|m)$");
        if (!match.Success) throw new FormatException($"Unsupported compose duration '{value}'.");
        var number = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "ms" => TimeSpan.FromMilliseconds(number), "s" => TimeSpan.FromSeconds(number), _ => TimeSpan.FromMinutes(number) };
    }

    /// <summary>A mapping with its YAML merge keys (&lt;&lt;: *anchor) applied, the mapping's own keys winning.</summary>
    private static Dictionary<YamlNode, YamlNode> Merged(YamlMappingNode? node)
    {
        var result = new Dictionary<YamlNode, YamlNode>();
        if (node is null) return result;
        var merge = new YamlScalarNode("<<");
        if (node.Children.TryGetValue(merge, out var merged))
        {
            foreach (var source in merged is YamlSequenceNode list ? list.Children : [merged])
            {
                foreach (var (k, v) in Merged(source as YamlMappingNode)) result[k] = v;
            }
        }
        foreach (var (k, v) in node.Children)
        {
            if (!k.Equals(merge)) result[k] = v;
        }
        return result;
    }

    // ---- Dockerfiles ------------------------------------------------------------------------------

    private IReadOnlyDictionary<string, string> ImageDefaults(string image)
    {
        var name = image.Split(':')[0];
        return Dockerfiles.FirstOrDefault(d => d.Image == name)?.Environment ?? new Dictionary<string, string>();
    }

    private static Dockerfile ParseDockerfile(string path)
    {
        // Join continuation lines, drop comments.
        var text = Regex.Replace(File.ReadAllText(path), @"\\\r?\n", " ");
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToList();
        // Only the final stage's ENV and EXPOSE describe the image.
        var final = lines.Skip(lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal))).ToList();
        var environment = new Dictionary<string, string>();
        foreach (var line in final.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal)))
        {
            foreach (Match pair in Regex.Matches(line[4..], @"(\S+?)=(\S+)")) environment[pair.Groups[1].Value] = pair.Groups[2].Value;
        }
        var exposed = final.Where(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal))
            .SelectMany(l => l[7..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(p => int.Parse(p.Split('/')[0], CultureInfo.InvariantCulture)).ToList();
        var publish = lines.Select(l => Regex.Match(l, @"dotnet publish (\S+\.csproj)")).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        var entry = final.Select(l => Regex.Match(l, @"ENTRYPOINT \[""dotnet"", ""([^""]+)""\]")).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        // silo.Dockerfile builds the image "livechat-silo".
        var image = "livechat-" + System.IO.Path.GetFileName(path).Split('.')[0];
        return new Dockerfile(path, image, environment, exposed, stages, publish, entry);
    }

    // ---- YAML helpers -----------------------------------------------------------------------------

    public static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static string? Scalar(YamlNode? node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Sequence(YamlNode? node) => node is YamlSequenceNode sequence ? sequence.Children : [];

    public static Dictionary<string, string> StringMap(YamlNode? node) =>
        node is YamlMappingNode mapping
            ? mapping.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value ?? "")
            : [];
}
