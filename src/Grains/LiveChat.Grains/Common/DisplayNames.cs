namespace LiveChat.Grains.Common;

/// <summary>
/// Names other people see: the end user's display name, agents' names in transcript lines. They
/// lose control and bidi characters (<see cref="TextHygiene"/>) and may not pass for the product
/// itself: the consoles label the system's lines "System" (agent console) and "Support" (end-user
/// page), and its lines start "The chat …" or "The agent …"; a name that starts like any of those
/// is refused, so nobody can post what reads as a notice from the product.
/// </summary>
public static class DisplayNames
{
    public const int MaxLength = 100;

    private static readonly string[] Reserved =
        ["system", "livechat", "live chat", "support", "admin", "administrator", "moderator", "the chat", "the agent"];

    /// <summary>The name as it will be shown, or a refusal (<see cref="Rules.Names"/>) saying what is wrong with it.</summary>
    public static string Check(string? name, string what)
    {
        var clean = TextHygiene.Clean(name);
        if (clean.Length == 0 || clean.Length > MaxLength)
            throw Refuse.Invalid(Rules.Names, $"{what} must have 1 to {MaxLength} visible characters.");
        if (ImitatesSystem(clean))
            throw Refuse.Invalid(Rules.Names, $"{what} '{clean}' reads like a line from the system; choose another.");
        return clean;
    }

    /// <summary>True when the name, read as words (punctuation and case aside), starts with a reserved word.</summary>
    public static bool ImitatesSystem(string name)
    {
        var words = string.Join(' ', new string(name.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return Reserved.Any(r => words == r || words.StartsWith(r + " ", StringComparison.Ordinal));
    }
}
