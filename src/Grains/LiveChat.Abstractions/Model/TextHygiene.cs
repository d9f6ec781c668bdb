namespace LiveChat.Model;

using System.Text;

/// <summary>
/// Characters that change how text around them is displayed without being seen themselves:
/// control characters (C0, DEL, C1), bidirectional overrides and isolates (which can make
/// "txt.exe" read as "exe.txt", or a name run into the line beside it), line and paragraph
/// separators, and invisible zero-width spaces. Names shown to other people lose them.
/// </summary>
public static class TextHygiene
{
    public static bool IsUnsafe(char c) => char.IsControl(c) || c switch
    {
        '\u061C' or '\u200B' or '\u200E' or '\u200F' or '\u2028' or '\u2029' or '\uFEFF' => true,
        >= '\u202A' and <= '\u202E' => true,
        >= '\u2066' and <= '\u2069' => true,
        _ => false,
    };

    public static bool HasUnsafe(string? text) => text is not null && text.Any(IsUnsafe);

    /// <summary>The text without unsafe characters, runs of white space as one space, trimmed.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var clean = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            // Tabs, line breaks and separators part words: they become one space, not nothing.
            if (char.IsWhiteSpace(c))
            {
                space = clean.Length > 0;
                continue;
            }
            if (IsUnsafe(c)) continue;
            if (space) clean.Append(' ');
            space = false;
            clean.Append(c);
        }
        return clean.ToString();
    }
}
