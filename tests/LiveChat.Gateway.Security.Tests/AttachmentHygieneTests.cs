namespace LiveChat.Gateway.Security.Tests;

/// <summary>
/// A9 and Limits over HTTP: a file is what its bytes say, its name is cleaned, the chat's quota
/// and the A-table are asked before any byte reaches the store, and a refusal stores nothing.
/// </summary>
public sealed class AttachmentHygieneTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task A9_a_monitors_upload_is_refused_before_anything_is_stored()
    {
        var chat = await ChatScenario.Create(gateway);
        var before = await chat.Observe();
        var stored = StoredAttachments.Fingerprint(gateway);
        var files = StoredAttachments.Count(gateway);

        await Problems.Assert(await chat.Bob.Http.PostAsync($"{chat.Chat}/attachments", Http.File(StoredAttachments.Png(), "image/png", "screen.png")), 403, "A9");
        await Problems.Assert(await chat.Erin.Http.PostAsync($"{chat.Chat}/attachments", Http.TextFile()), 403, "A9");

        Assert.Equal(stored, StoredAttachments.Fingerprint(gateway));
        Assert.Equal(before, await chat.Observe());
        // The participant may: the refusal was the monitor's, not the file's.
        await Http.AssertSuccess(await chat.Carol.Http.PostAsync($"{chat.Chat}/attachments", Http.File(StoredAttachments.Png(), "image/png", "screen.png")));
        Assert.Equal(files + 1, StoredAttachments.Count(gateway));
    }

    public static TheoryData<string, string, string> Mismatches() => new()
    {
        { "text sent as a PNG", "image/png", "just words" },
        { "a PNG sent as a PDF", "application/pdf", "png" },
        { "a PDF sent as a JPEG", "image/jpeg", "pdf" },
        { "binary sent as text", "text/plain", "binary" },
        { "invalid UTF-8 sent as CSV", "text/csv", "latin1" },
        { "an executable with no type", "application/octet-stream", "exe" },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public async Task A9_a_file_whose_bytes_are_not_its_type_is_refused_and_nothing_is_stored(string what, string contentType, string content)
    {
        var chat = await ChatScenario.Create(gateway);
        var bytes = content switch
        {
            "png" => StoredAttachments.Png(),
            "pdf" => StoredAttachments.Pdf(),
            "binary" => [0x00, 0x01, 0x02, 0x00, 0xFF],
            "latin1" => Encoding.Latin1.GetBytes("Café;Crème\n"),
            "exe" => [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00],
            _ => Encoding.UTF8.GetBytes(content),
        };
        var before = await chat.Observe();
        var stored = StoredAttachments.Fingerprint(gateway);

        var refused = await Problems.Assert(await chat.Alice.Http.PostAsync($"{chat.Chat}/attachments", Http.File(bytes, contentType, "file.bin")), 400, "A9");
        Assert.False(string.IsNullOrWhiteSpace(refused.GetProperty("detail").GetString()), what);
        await Problems.Assert(await chat.EndUser.Api.Http.PostAsync("/api/enduser/chat/attachments", Http.File(bytes, contentType, "file.bin")), 400, "A9");

        Assert.Equal(stored, StoredAttachments.Fingerprint(gateway));
        Assert.Equal(before, await chat.Observe());
    }

    [Fact]
    public async Task A9_the_stored_type_is_the_one_the_bytes_show_and_downloads_are_not_sniffed()
    {
        var chat = await ChatScenario.Create(gateway);
        // A generic type (what curl sends) takes the type the bytes show.
        var upload = await chat.Alice.Http.PostAsync($"{chat.Chat}/attachments", Http.File(StoredAttachments.Pdf(), "application/octet-stream", "report"));
        var entry = await StoredAttachments.Entry(upload);
        Assert.Equal("report.pdf", StoredAttachments.FileNameOf(entry));
        var attachment = entry.GetProperty("attachment");
        Assert.Equal("application/pdf", attachment.GetProperty("contentType").GetString());

        var download = await chat.Carol.Http.GetAsync($"{chat.Chat}/attachments/{attachment.GetProperty("attachmentId").GetString()}");
        await Http.AssertSuccess(download);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
    }

    public static TheoryData<string, string, string, string> HostileNames() => new()
    {
        { "folders climbed", "../../etc/passwd.txt", "text/plain", "passwd.txt" },
        { "Windows folders climbed", "..\\..\\boot.ini", "text/plain", "boot.txt" },
        { "right-to-left override hiding .exe", "invoice\u202Efdp.exe", "application/pdf", "invoicefdp.pdf" },
        { "bidi isolates and marks", "\u2066re\u200Fport\u2069.pdf", "application/pdf", "report.pdf" },
        { "control characters and a tab", "bad\u0007na\u001Bme\t.png", "image/png", "badname.png" },
        { "only dots", "..", "text/plain", "attachment.txt" },
        { "a hidden file", ".htaccess", "text/plain", "htaccess.txt" },
        { "reserved characters", "a<b>:c|d?.txt", "text/plain", "a_b__c_d_.txt" },
        { "a double extension", "photo.png.exe", "image/png", "photo.png.png" },
        { "an extension of another type", "notes.pdf", "text/plain", "notes.txt" },
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task A9_hostile_file_names_are_cleaned_and_end_in_what_the_file_is(string what, string name, string contentType, string expected)
    {
        var chat = await ChatScenario.Create(gateway);
        var bytes = contentType switch
        {
            "image/png" => StoredAttachments.Png(),
            "application/pdf" => StoredAttachments.Pdf(),
            _ => "hello"u8.ToArray(),
        };
        var upload = await chat.EndUser.Api.Http.PostAsync("/api/enduser/chat/attachments", Http.File(bytes, contentType, name));
        var entry = await StoredAttachments.Entry(upload);
        Assert.True(expected == StoredAttachments.FileNameOf(entry), $"{what}: {StoredAttachments.FileNameOf(entry)}");
        var download = await chat.Alice.Http.GetAsync($"{chat.Chat}/attachments/{entry.GetProperty("refId").GetString()}");
        await Http.AssertSuccess(download);
        Assert.Equal(expected, download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
    }

    [Fact]
    public async Task A9_a_long_name_is_cut_to_100_characters_keeping_its_extension_and_one_past_255_is_refused()
    {
        var chat = await ChatScenario.Create(gateway);
        var upload = await chat.Alice.Http.PostAsync($"{chat.Chat}/attachments", Http.File("hello"u8.ToArray(), "text/plain", new string('n', 200) + ".txt"));
        var name = StoredAttachments.FileNameOf(await StoredAttachments.Entry(upload));
        Assert.Equal(100, name.Length);
        Assert.EndsWith("nnn.txt", name);

        // Past 255 characters (what file systems allow) the request is malformed: refused, nothing stored.
        var stored = StoredAttachments.Fingerprint(gateway);
        await Problems.Assert(await chat.Alice.Http.PostAsync($"{chat.Chat}/attachments", Http.File("hello"u8.ToArray(), "text/plain", new string('n', 256) + ".txt")), 400, "A9");
        Assert.Equal(stored, StoredAttachments.Fingerprint(gateway));
    }

    [Fact]
    public async Task Limits_the_attachments_a_chat_may_hold_are_counted_before_anything_is_stored()
    {
        var chat = await ChatScenario.Create(gateway);
        // The scenario holds one already; both sides count together (default 20).
        for (var i = 1; i < 20; i++)
        {
            var http = i % 2 == 0 ? chat.Alice.Http : chat.EndUser.Api.Http;
            var path = i % 2 == 0 ? $"{chat.Chat}/attachments" : "/api/enduser/chat/attachments";
            await Http.AssertSuccess(await http.PostAsync(path, Http.TextFile()));
        }
        var before = await chat.Observe();
        var stored = StoredAttachments.Fingerprint(gateway);

        var refused = await Problems.Assert(await chat.Carol.Http.PostAsync($"{chat.Chat}/attachments", Http.TextFile()), 409, "Limits");
        Assert.Contains("20", refused.GetProperty("detail").GetString());
        await Problems.Assert(await chat.EndUser.Api.Http.PostAsync("/api/enduser/chat/attachments", Http.TextFile()), 409, "Limits");

        Assert.Equal(stored, StoredAttachments.Fingerprint(gateway));
        Assert.Equal(before, await chat.Observe());
    }
}
