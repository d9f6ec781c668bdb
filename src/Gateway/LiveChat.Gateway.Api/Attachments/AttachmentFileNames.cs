namespace LiveChat.Gateway.Attachments;

using System.Text;

/// <summary>
/// File names as people will see and save them: no control or bidi characters (which can make
/// "txt.exe" read as "exe.txt"), no folders ("../../etc/passwd" is "passwd"), no characters a
/// file system reserves, at most <see cref="MaxLength"/> characters, and an extension that fits
/// what the bytes are: a wrong one is replaced ("invoice.pdf.exe" holding a PDF is
/// "invoice.pdf.pdf"), a missing one added.
/// </summary>
public static class AttachmentFileNames
{
    public const int MaxLength = 100;
    private const string Fallback = "attachment";

    public static string Clean(string? fileName, AttachmentTypes.Kind kind)
    {
        var name = TextHygiene.Clean(fileName);
        // The last segment only, whichever separator the client's system uses.
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var kept = new StringBuilder(name.Length);
        foreach (var c in name) kept.Append(c is ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c);
        // No leading dots (".." or a hidden file), no trailing dots or spaces (Windows drops them).
        name = kept.ToString().TrimStart('.', ' ').TrimEnd('.', ' ');

        var dot = name.LastIndexOf('.');
        var stem = (dot > 0 ? name[..dot] : name).TrimEnd('.', ' ');
        var extension = dot > 0 ? name[(dot + 1)..].ToLowerInvariant() : "";
        if (stem.Length == 0) stem = Fallback;
        // Decided: a wrong extension is replaced, not refused; the name still says what the sender called it.
        if (!kind.Extensions.Contains(extension)) extension = kind.Extensions[0];
        var room = MaxLength - extension.Length - 1;
        if (stem.Length > room)
        {
            stem = stem[..room];
            if (char.IsHighSurrogate(stem[^1])) stem = stem[..^1];
            stem = stem.TrimEnd('.', ' ');
        }
        return $"{stem}.{extension}";
    }
}
