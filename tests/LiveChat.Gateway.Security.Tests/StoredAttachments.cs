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
