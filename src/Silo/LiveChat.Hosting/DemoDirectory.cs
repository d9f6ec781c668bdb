namespace LiveChat.Hosting;

using System.Text.Json;
using System.Text.Json.Serialization;
using LiveChat.Grains;
using LiveChat.Model;

/// <summary>
/// A directory file (queues, agents, supervisors, admins, canned text, articles) as JSON: the demo
/// directory a new installation starts with, and the format of "directory import/export".
/// </summary>
public sealed record DemoDirectory(IReadOnlyList<DirectoryQueue> Queues, IReadOnlyList<DirectoryAgent> Agents)
{
    public const string DefaultFileName = "demo-directory.json";
    /// <summary>The actor the audit trail names for changes made by seeding the demo directory.</summary>
    public const string SeedOperator = "seed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    public static DemoDirectory Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<DemoDirectory>(stream, Json)
            ?? throw new InvalidDataException($"The directory file '{path}' is empty.");
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <summary>The demo directory shipped beside the LiveChat.Hosting assembly.</summary>
    public static DemoDirectory LoadDefault() =>
        Load(Path.Combine(AppContext.BaseDirectory, DefaultFileName));

    public DirectoryContent Content => new(Queues, Agents);

    public static DemoDirectory Of(DirectoryContent content) => new(content.Queues, content.Agents);

    /// <summary>
    /// Creates the queues and agents that do not exist yet (audited as <see cref="SeedOperator"/>);
    /// existing ones keep their current data and are listed for administration.
    /// </summary>
    public Task SeedAsync(IGrainFactory grains) =>
        grains.Directory().Import(SeedOperator, Content, onlyMissing: true);
}
