namespace LiveChat.Grains.Common;

/// <summary>Rule ids for the bounds and the hygiene of what people put into a chat (the project's own rule ids, docs/rules.md).</summary>
public static class InputRules
{
    /// <summary>A chat's lists are bounded (<see cref="ChatLimitOptions"/>): invites, tickets, remote access, pins, attachments.</summary>
    public const string Limits = "Limits";

    /// <summary>Names shown to others carry no control or bidi characters and cannot pass for the system's own lines.</summary>
    public const string Names = "Names";
}
