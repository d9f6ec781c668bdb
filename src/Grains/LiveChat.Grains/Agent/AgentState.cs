namespace LiveChat.Grains.Agent;

[GenerateSerializer, SuppressReferenceTracking, Alias("LiveChat.AgentState")]
public sealed class AgentState
{
    [Id(0)] public AgentRegistration? Registration { get; set; }
    [Id(1)] public Presence Presence { get; set; } = Presence.Offline;
    [Id(2)] public AgentSettings Settings { get; set; } = AgentSettings.Default;
    /// <summary>Chats this agent owns; each once (S4).</summary>
    [Id(3)] public List<string> AssignedChats { get; set; } = [];
    /// <summary>Chats joined by invite or as a supervisor; never counted as load (S3).</summary>
    [Id(4)] public List<JoinedChat> JoinedChats { get; set; } = [];
    /// <summary>The Invites list (R11): pending invites, mirrored from their chats.</summary>
    [Id(5)] public List<Invite> Invites { get; set; } = [];
    /// <summary>When the agent last got a chat or came online: ties in automatic assignment go to the longest idle.</summary>
    [Id(6)] public DateTimeOffset IdleSince { get; set; }
    /// <summary>Counts directory changes, so a gateway that remembers a session can tell it is out of date.</summary>
    [Id(7)] public long DirectoryVersion { get; set; }
}
