namespace LiveChat.Grains.Queue;

/// <summary>
/// The pieces <see cref="AgentSearchIndex"/> indexes: every run of 1 to <see cref="MaxLength"/>
/// characters of a card's full name ("First Last", which holds both names) and of its email, each
/// character folded with <see cref="char.ToUpperInvariant"/>. R12 matches with
/// <see cref="StringComparison.OrdinalIgnoreCase"/>, which compares characters by that same
/// folding, so every piece of a query is a piece of any card it matches. Only characters that fold
/// to ASCII are indexed (a piece never spans another); a query holding any other character is
/// answered by walking every card, so the index can only narrow a search, never lose a hit.
/// </summary>
public static class SearchGrams
{
    public const int MaxLength = 3;

    /// <summary>The folded character (0-127), or -1 for one the index leaves out.</summary>
    public static int Fold(char c)
    {
        var upper = char.ToUpperInvariant(c);
        return upper < 128 ? upper : -1;
    }

    /// <summary>True when every character of the query folds to ASCII, so its pieces can be looked up.</summary>
    public static bool IsIndexable(string query)
    {
        foreach (var c in query)
        {
            if (Fold(c) < 0) return false;
        }
        return true;
    }

    /// <summary>The key of the piece of <paramref name="text"/> at <paramref name="start"/>; every character must fold to ASCII.</summary>
    public static int Key(string text, int start, int length)
    {
        var key = 0;
        for (var i = start; i < start + length; i++) key = (key << 7) | Fold(text[i]);
        return (length << 21) | key;
    }

    /// <summary>Replaces the contents of <paramref name="pieces"/> by the keys of every piece of the card's full name and email.</summary>
    public static void Collect(AgentProfile profile, HashSet<int> pieces)
    {
        pieces.Clear();
        Collect(profile.FullName, pieces);
        Collect(profile.Email, pieces);
    }

    private static void Collect(string text, HashSet<int> pieces)
    {
        for (var start = 0; start < text.Length; start++)
        {
            var key = 0;
            for (var length = 1; length <= MaxLength && start + length <= text.Length; length++)
            {
                var folded = Fold(text[start + length - 1]);
                if (folded < 0) break;
                key = (key << 7) | folded;
                // The length on top keeps "A" apart from "\0A" and the like.
                pieces.Add((length << 21) | key);
            }
        }
    }
}
