namespace LiveChat.Operations.Tests;

using LiveChat.Gateway.Attachments;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Hardening;
using LiveChat.Grains.Common;
using LiveChat.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

/// <summary>
/// What a program makes of an environment: the options classes it binds, bound strictly (an unknown
/// key or a value of the wrong type is an error), over the program's own appsettings.json.
/// </summary>
public static class ConfigurationCheck
{
    /// <summary>Environment variables the programs read that are not options of ours (the .NET host's own).</summary>
    private static readonly string[] HostKeys = ["Urls", "ASPNETCORE_", "DOTNET_", "Logging__"];

    public static string SiloAppSettings => Path.Combine(SiloLocator.RepositoryRoot, "src", "Silo", "LiveChat.Silo", "appsettings.json");
    public static string GatewayAppSettings => Path.Combine(SiloLocator.RepositoryRoot, "src", "Gateway", "LiveChat.Gateway", "appsettings.json");

    /// <summary>appsettings.json under the environment, the way the host layers them ("__" is ":").</summary>
    public static IConfiguration Effective(string appSettings, IReadOnlyDictionary<string, string> environment) =>
        new ConfigurationBuilder()
            .AddJsonFile(appSettings, optional: false)
            .AddInMemoryCollection(environment.Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .Build();

    /// <summary>Every problem with <paramref name="environment"/>: keys no option reads, values that do not bind.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, string> environment, string appSettings)
    {
        var problems = new List<string>();
        foreach (var key in environment.Keys)
        {
            if (HostKeys.Any(h => key == h || (h.EndsWith('_') && key.StartsWith(h, StringComparison.Ordinal)))) continue;
            // The pod's identity, read by the silo's Kubernetes hosting switch and Orleans' package.
            if (KubernetesHostingSwitch.PackageVariables.Contains(key)) continue;
            if (!key.StartsWith("Silo__", StringComparison.Ordinal) && !key.StartsWith("Gateway__", StringComparison.Ordinal)
                && !key.StartsWith("LiveChat__", StringComparison.Ordinal))
            {
                problems.Add($"{key}: not a setting any LiveChat program reads");
            }
        }
        var configuration = Effective(appSettings, environment);

        // Silo (with Silo:Membership bound to Orleans' ClusterMembershipOptions on its own).
        var siloKeys = Leaves(configuration.GetSection(LiveChatSiloOptions.Section));
        var membership = siloKeys.Where(k => k.Key.StartsWith(LiveChatSiloOptions.MembershipSection + ":", StringComparison.OrdinalIgnoreCase)).ToList();
        Bind<LiveChatSiloOptions>(Subset(siloKeys.Except(membership), LiveChatSiloOptions.Section), "Silo", problems);
        Bind<ClusterMembershipOptions>(Subset(membership, LiveChatSiloOptions.MembershipSection), LiveChatSiloOptions.MembershipSection, problems);

        // Gateway: the sections and keys Program.cs and GatewaySetup read.
        var gateway = configuration.GetSection("Gateway");
        foreach (var child in gateway.GetChildren())
        {
            switch (child.Key)
            {
                case "Mode":
                    if (child.Value is not ("Embedded" or "Client")) problems.Add($"Gateway:Mode: '{child.Value}' is neither Embedded nor Client");
                    break;
                case "Dashboard":
                    if (!bool.TryParse(child.Value, out _)) problems.Add($"Gateway:Dashboard: '{child.Value}' is not true or false");
                    break;
                case "Cluster":
                    Bind<GatewayClusterOptions>(child, GatewayClusterOptions.Section, problems);
                    break;
                case "Auth":
                    Bind<GatewayAuthOptions>(child, GatewayAuthOptions.Section, problems);
                    break;
                case "RateLimits":
                    Bind<RateLimitOptions>(child, RateLimitOptions.Section, problems);
                    break;
                case "Management":
                    Bind<ManagementOptions>(child, ManagementOptions.Section, problems);
                    break;
                case "Attachments":
                    // Two classes read this section: the store's kind and its Azure Blob settings (the
                    // gateway program), and everything else (the API's AttachmentOptions).
                    var attachmentKeys = Leaves(child);
                    var storeKeys = attachmentKeys.Where(k => IsStoreKey(k.Key)).ToList();
                    Bind<AttachmentStoreSettings>(Subset(storeKeys, AttachmentStoreSettings.Section), AttachmentStoreSettings.Section, problems);
                    Bind<AttachmentOptions>(Subset(attachmentKeys.Except(storeKeys), AttachmentOptions.Section), AttachmentOptions.Section, problems);
                    break;
                default:
                    problems.Add($"Gateway:{child.Key}: no such gateway setting");
                    break;
            }
        }
        Bind<LiveChatOptions>(configuration.GetSection(LiveChatOptions.Section), LiveChatOptions.Section, problems);
        return problems;
    }

    private static void Bind<T>(IConfiguration section, string name, List<string> problems) where T : new()
    {
        try
        {
            section.Get<T>(o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException error)
        {
            problems.Add($"{name}: {error.Message}{(error.InnerException is { } inner ? " " + inner.Message : "")}");
        }
    }

    private static bool IsStoreKey(string key) =>
        key.Equals(AttachmentStoreSettings.StoreKey, StringComparison.OrdinalIgnoreCase)
        || key.StartsWith(AttachmentStoreSettings.Section + ":" + nameof(AttachmentStoreSettings.AzureBlobs) + ":", StringComparison.OrdinalIgnoreCase);

    private static List<KeyValuePair<string, string?>> Leaves(IConfigurationSection section) =>
        section.AsEnumerable().Where(e => e.Value is not null).ToList();

    private static IConfiguration Subset(IEnumerable<KeyValuePair<string, string?>> leaves, string prefix) =>
        new ConfigurationBuilder().AddInMemoryCollection(leaves).Build().GetSection(prefix);
}
