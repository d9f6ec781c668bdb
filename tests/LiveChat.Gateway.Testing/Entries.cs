namespace LiveChat.Gateway.Testing;

using System.Text.Json;

/// <summary>
/// Reads pushed or read transcript entries. Agents see the chat's sequence number in "seq" and the
/// end user's number in "publicSeq"; the end user sees its own number in "seq".
/// </summary>
public static class Entries
{
    public static long Seq(JsonElement chatEvent) => chatEvent.GetProperty("entry").GetProperty("seq").GetInt64();

    /// <summary>The end user's number of an entry as an agent sees it; null when the end user does not see it.</summary>
    public static long? PublicSeq(JsonElement entry) =>
        entry.TryGetProperty("publicSeq", out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    /// <summary>The pushed entry of an agent's chat event is the one the end user numbered <paramref name="publicSeq"/>.</summary>
    public static bool IsPublic(JsonElement chatEvent, long publicSeq) => PublicSeq(chatEvent.GetProperty("entry")) == publicSeq;
}
