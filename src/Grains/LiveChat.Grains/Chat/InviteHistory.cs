namespace LiveChat.Grains.Chat;

/// <summary>
/// Builds an invite's <see cref="Invite.History"/> as a <see cref="List{T}"/>. The field is declared
/// as an interface, so the serializer looks up a codec for the value's runtime type on every write
/// of the chat's state. A collection expression gives a compiler-made list type that has no codec,
/// and the lookup for it fails anew each time (the message path's CPU profile: about a fifth of the
/// chat state's serialization went to its two invites); a <see cref="List{T}"/> is found at once.
/// Both forms are stored in the same layout and read back as a list.
/// </summary>
public static class InviteHistory
{
    /// <summary>A new invite's history: its first step.</summary>
    public static List<InviteHistoryEntry> Start(InviteHistoryEntry first) => [first];

    /// <summary>The invite's history with one more step.</summary>
    public static List<InviteHistoryEntry> Then(Invite invite, InviteHistoryEntry step)
    {
        var history = new List<InviteHistoryEntry>(invite.History.Count + 1);
        history.AddRange(invite.History);
        history.Add(step);
        return history;
    }
}
