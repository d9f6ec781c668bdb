namespace LiveChat.Hosting;

/// <summary>How an embedded LiveChat silo runs: section "Silo" of appsettings or environment (Silo__SiloPort=...).</summary>
public sealed class LiveChatSiloOptions
{
    public const string Section = "Silo";

    public string ClusterId { get; set; } = "livechat-dev";
    public string ServiceId { get; set; } = "livechat";
    /// <summary>Silo-to-silo port. Not Orleans' 11111 by default: other processes here may hold it.</summary>
    public int SiloPort { get; set; } = 21111;
    /// <summary>Port Orleans clients (gateways) connect to.</summary>
    public int GatewayPort { get; set; } = 31000;
    /// <summary>Folder holding the SQLite database of grain state.</summary>
    public string DataFolder { get; set; } = "data";
    /// <summary>JSON file with the demo directory; empty to seed nothing.</summary>
    public string? DemoDirectoryPath { get; set; } = DemoDirectory.DefaultFileName;

    public string DatabasePath => Path.Combine(DataFolder, "livechat.db");
}
