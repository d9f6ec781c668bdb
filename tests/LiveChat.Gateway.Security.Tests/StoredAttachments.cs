namespace LiveChat.Gateway.Security.Tests;

/// <summary>What the gateway's file store holds, and files whose bytes are what they claim to be.</summary>
public static class StoredAttachments
{
    /// <summary>Every file in the embedded gateway's attachment folder (its data folder's "attachments"), partial ones too.</summary>
    public static int Count(GatewayFactory gateway)
    {
        var folder = Path.Combine(gateway.DataFolder, "attachments");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length : 0;
    }

    /// <summary>
    /// Every file and folder of the attachment store with its last write time. A file stored and
    /// deleted again (as the upload route does when the chat refuses to record it) leaves the count
    /// as it was, but not its folder's write time: equal fingerprints mean no byte was written.
    /// </summary>
    public static string Fingerprint(GatewayFactory gateway)
    {
        var folder = Path.Combine(gateway.DataFolder, "attachments");
        if (!Directory.Exists(folder)) return "no attachment folder";
        var entries = Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Append(folder).Order(StringComparer.Ordinal);
        return string.Join("\n", entries.Select(e => $"{e} {File.GetLastWriteTimeUtc(e).Ticks}"));
    }

    public static byte[] Png(int size = 64)
    {
        var bytes = new byte[size];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 0);
        return bytes;
    }

    public static byte[] Pdf(int size = 64)
    {
        var bytes = Enumerable.Repeat((byte)' ', size).ToArray();
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    /// <summary>The transcript entry an upload answered with (it holds the attachment as the chat recorded it).</summary>
    public static async Task<JsonElement> Entry(HttpResponseMessage upload)
    {
        await Http.AssertSuccess(upload);
        return await upload.Content.ReadFromJsonAsync<JsonElement>(GatewayFactory.Json);
    }

    public static string FileNameOf(JsonElement entry) => entry.GetProperty("attachment").GetProperty("fileName").GetString()!;
}
