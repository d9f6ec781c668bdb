namespace LiveChat.Grains.Chat;

/// <summary>What an agent is in one chat; decides what it may do there (A-table).</summary>
public enum ChatRole { None, Assignee, Participant, Monitor }

/// <summary>The action table (docs/rules.md), as data: one place decides who may do what in a chat.</summary>
public static class ChatPermissionTable
{
    // What each role may do, in the table's order: the chat's snapshot tells its viewer (ChatSnapshot.Allowed).
    private static readonly ChatAction[][] AllowedByRole = Enum.GetValues<ChatRole>()
        .Select(role => Enum.GetValues<ChatAction>().Where(action => Allows(role, action)).ToArray())
        .ToArray();

    /// <summary>The rule id of an action (its A-table row), for refusals that name the action.</summary>
    public static string RuleId(ChatAction action) => action switch
    {
        ChatAction.A1_EndAbandonReleaseTransfer => Rules.A1,
        ChatAction.A2_SideNote => Rules.A2,
        ChatAction.A3_RemoteAccess => Rules.A3,
        ChatAction.A4_CreateTicket => Rules.A4,
        ChatAction.A5_PinArticle => Rules.A5,
        ChatAction.A6_ShareArticle => Rules.A6,
        ChatAction.A7_ChatWithEndUser => Rules.A7,
        ChatAction.A8_CannedText => Rules.A8,
        ChatAction.A9_Attachments => Rules.A9,
        ChatAction.A10_Leave => Rules.A10,
        ChatAction.A11_SeeTranscript => Rules.A11,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not an action of the table."),
    };

    /// <summary>Every action of the table the role allows (none for <see cref="ChatRole.None"/>).</summary>
    public static IReadOnlyList<ChatAction> AllowedFor(ChatRole role) => AllowedByRole[(int)role];

    public static bool Allows(ChatRole role, ChatAction action) => (role, action) switch
    {
        (ChatRole.None, _) => false,
        // A10: the assignee does not "leave"; it releases, transfers or ends (A1).
        (ChatRole.Assignee, ChatAction.A10_Leave) => false,
        (ChatRole.Assignee, _) => true,
        (ChatRole.Participant, ChatAction.A6_ShareArticle or ChatAction.A7_ChatWithEndUser or ChatAction.A8_CannedText
            or ChatAction.A9_Attachments or ChatAction.A10_Leave or ChatAction.A11_SeeTranscript) => true,
        (ChatRole.Monitor, ChatAction.A10_Leave or ChatAction.A11_SeeTranscript) => true,
        _ => false,
    };
}
