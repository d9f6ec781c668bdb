namespace LiveChat.Grains.Chat;

/// <summary>What an agent is in one chat; decides what it may do there (A-table).</summary>
public enum ChatRole { None, Assignee, Participant, Monitor }

/// <summary>The action table (docs/rules.md), as data: one place decides who may do what in a chat.</summary>
public static class ChatPermissionTable
{
    // Every chat action checks its rule id: built once per action, not per check (40 ns and 80 B
    // each time it was derived from the enum's name, per the A-table micro-benchmark).
    private static readonly string[] RuleIds = Enum.GetValues<ChatAction>()
        .Select(action => action.ToString()[..action.ToString().IndexOf('_')])
        .ToArray();

    // What each role may do, in the table's order: the chat's snapshot tells its viewer (ChatSnapshot.Allowed).
    private static readonly ChatAction[][] AllowedByRole = Enum.GetValues<ChatRole>()
        .Select(role => Enum.GetValues<ChatAction>().Where(action => Allows(role, action)).ToArray())
        .ToArray();

    public static string RuleId(ChatAction action) => RuleIds[(int)action];

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
