namespace LiveChat.Hosting;

using System.Text.Json;
using System.Text.Json.Serialization;
using LiveChat.Grains;
using LiveChat.Model;

/// <summary>
/// The demo directory (queues, agents, a supervisor, canned text, articles) a new installation
/// starts with, read from a JSON file. Seeding is idempotent: what exists already is left alone.
/// </summary>
public sealed record DemoDirectory(IReadOnlyList<DemoDirectory.Queue> Queues, IReadOnlyList<DemoDirectory.Agent> Agents)
{
    public const string DefaultFileName = "demo-directory.json";

    public sealed record Queue(string Id, string Name, bool AutomaticAssignment, bool SystemNotifications,
        IReadOnlyList<CannedResponse> CannedResponses, IReadOnlyList<KnowledgeArticle> Articles);

    public sealed record Agent(string Id, string FirstName, string LastName, string Email, AgentRole Role,
        IReadOnlyList<string> Permissions, IReadOnlyList<string> Queues, IReadOnlyList<string> Supervises);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static DemoDirectory Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<DemoDirectory>(stream, Json)
            ?? throw new InvalidDataException($"The demo directory '{path}' is empty.");
    }

    /// <summary>The demo directory shipped beside the LiveChat.Hosting assembly.</summary>
    public static DemoDirectory LoadDefault() =>
        Load(Path.Combine(AppContext.BaseDirectory, DefaultFileName));

    /// <summary>Creates the queues and agents that do not exist yet; existing ones keep their current data.</summary>
    public async Task SeedAsync(IGrainFactory grains)
    {
        foreach (var queue in Queues)
        {
            var grain = grains.GetGrain<ISupportQueueGrain>(queue.Id);
            if (await grain.GetInfo() is not null) continue;
            await grain.Configure(new QueueDefinition(queue.Name, queue.AutomaticAssignment, queue.SystemNotifications,
                queue.CannedResponses, queue.Articles));
        }
        foreach (var agent in Agents)
        {
            var grain = grains.GetGrain<IAgentGrain>(agent.Id);
            if (await grain.Peek() is not null) continue;
            await grain.Register(Registration(agent));
        }
    }

    public static AgentRegistration Registration(Agent agent) => new(
        new AgentProfile(agent.FirstName, agent.LastName, agent.Email), agent.Role,
        agent.Permissions, agent.Queues, agent.Supervises);
}
