namespace LiveChat.Storage.AzureTables;

using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

/// <summary>
/// Turns a state name or grain id into a PartitionKey / RowKey that Azure accepts, one to one.
/// </summary>
/// <remarks>
/// Azure forbids '/', '\', '#', '?' and control characters (U+0000-U+001F, U+007F-U+009F) in keys,
/// and some other characters ('%', quotes, '+') are known to break URL addressing in some SDKs and
/// proxies. So only a conservative ASCII set is kept as is; every other UTF-16 code unit becomes
/// '!' followed by four hex digits. '!' and '~' are never kept, so the escaped form is
/// unambiguous and cannot look like the hashed form below.
/// An escaped key longer than <see cref="MaxKeyLength"/> becomes a readable prefix of it, '~', and
/// the SHA-256 of the whole original (as UTF-16), which keeps keys well under Azure's 1 KiB.
/// </remarks>
public static class AzureTableKeys
{
    /// <summary>Longest key this class produces.</summary>
    public const int MaxKeyLength = 255;

    private const char Escape = '!';
    private const char HashMarker = '~';
    private const int HashHexLength = 64;

    /// <summary>The key for <paramref name="value"/>; the same input always gives the same key.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (IsKept(c)) escaped.Append(c);
            else escaped.Append(Escape).Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (escaped.Length <= MaxKeyLength) return escaped.ToString();

        // Cut the readable prefix at a whole character, never inside an escape sequence.
        var room = MaxKeyLength - 1 - HashHexLength;
        var cut = 0;
        for (var i = 0; i < escaped.Length;)
        {
            var step = escaped[i] == Escape ? 5 : 1;
            if (i + step > room) break;
            i += step;
            cut = i;
        }

        var hash = SHA256.HashData(MemoryMarshal.AsBytes(value.AsSpan()));
        return escaped.ToString(0, cut) + HashMarker + Convert.ToHexStringLower(hash);
    }

    private static bool IsKept(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '-' or '_' or '.' or ':' or '@' or '=' or ',' or ';' or '(' or ')' or '[' or ']' or '$' or '*';
}
