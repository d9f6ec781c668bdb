namespace LiveChat.Model;

[GenerateSerializer, Alias("LiveChat.AgentRole")]
public enum AgentRole
{
    Agent,
    Supervisor,
    /// <summary>Administers the directory (agents, queues); works no chats unless it is also registered as an agent elsewhere.</summary>
    Admin,
}

[GenerateSerializer, Alias("LiveChat.Presence")]
public enum Presence { Offline, Away, Online }

/// <summary>How an agent takes part in a chat it does not own (R5).</summary>
[GenerateSerializer, Alias("LiveChat.JoinMode")]
public enum JoinMode { Participant, Monitor }

[GenerateSerializer, Alias("LiveChat.InviteStatus")]
public enum InviteStatus { Pending, Accepted, Rejected, Cancelled, Expired }

/// <summary>The answers an invitee has in its Invites list (R6).</summary>
[GenerateSerializer, Alias("LiveChat.InviteAnswer")]
public enum InviteAnswer { Participate, Monitor, Reject }

[GenerateSerializer, Alias("LiveChat.ChatStatus")]
public enum ChatStatus { Waiting, Active, Ended }

/// <summary>
/// The actions of the action table (docs/rules.md, A1-A11), each named by its rule id. The chat's
/// grain decides which a role may do (<c>ChatPermissionTable</c>) and tells each agent its own in
/// <see cref="ChatSnapshot.Allowed"/>, so the consoles offer what the chat allows without a copy of the table.
/// </summary>
[GenerateSerializer, Alias("LiveChat.ChatPermissions.ChatAction")]
public enum ChatAction
{
    A1_EndAbandonReleaseTransfer,
    A2_SideNote,
    A3_RemoteAccess,
    A4_CreateTicket,
    A5_PinArticle,
    A6_ShareArticle,
    A7_ChatWithEndUser,
    A8_CannedText,
    A9_Attachments,
    A10_Leave,
    A11_SeeTranscript,
}

/// <summary>Why a chat ended.</summary>
[GenerateSerializer, Alias("LiveChat.EndReason")]
public enum EndReason
{
    EndedByAgent,
    EndedByEndUser,
    Abandoned,
    /// <summary>
    /// A waiting chat whose end user went away: no connection and no activity for
    /// <c>LiveChat:EndUserGoneAfter</c>. Appended last: stored values keep their meaning.
    /// </summary>
    EndUserGone,
}

[GenerateSerializer, Alias("LiveChat.ActorKind")]
public enum ActorKind { System, Agent, EndUser }

/// <summary>Who may see a transcript entry.</summary>
[GenerateSerializer, Alias("LiveChat.Visibility")]
public enum Visibility
{
    /// <summary>Everyone in the chat, the end user included.</summary>
    Everyone,
    /// <summary>Agents in the chat only (side notes, invite steps, monitor joins).</summary>
    Agents,
    /// <summary>Kept for the audit trail only; consoles do not display it (S1: a monitor join with notifications off).</summary>
    Audit,
}

[GenerateSerializer, Alias("LiveChat.EntryKind")]
public enum EntryKind
{
    Message,
    SystemMessage,
    SideNote,
    Joined,
    Left,
    InviteStep,
    StateChanged,
    ArticlePinned,
    ArticleUnpinned,
    ArticleShared,
    Attachment,
    TicketCreated,
    RemoteAccessRequested,
}
