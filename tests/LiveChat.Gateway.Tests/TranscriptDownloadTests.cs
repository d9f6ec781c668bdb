namespace LiveChat.Gateway.Tests;

/// <summary>
/// Transcript downloads over HTTP (docs/rules.md D1): agents in the chat get JSON or a printable
/// HTML page with internal lines marked; the end user gets only what it may see; long transcripts
/// stream across the chat's sealed pages in order; every user text is HTML-encoded; refusals are problems.
/// </summary>
public sealed class TranscriptDownloadTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private const string Hostile = "<script>alert('x')</script><img src=x onerror=alert(1)> & \"quoted\" </li></ol><b>bold</b>";
    private const string SideNote = "Internal: customer owes 12 EUR";
    // 16 entries make a sealed page in new chats: 50 messages each side spread over several pages and reads.
    private const int Messages = 50;

    private async Task<(ApiClient Alice, EndUserClient EndUser, string Chat)> BusyChat()
    {
        var alice = await gateway.SignIn("alice");
        var endUser = await gateway.StartChat("billing", name: "Pat <b>Customer</b>");
        var chat = $"/api/chats/{endUser.ChatId}";
        await Problems.EnsureSuccess(await alice.Post($"{chat}/accept"));
        await Problems.EnsureSuccess(await endUser.Api.Post("/api/enduser/chat/messages", new { text = Hostile }));
        await Problems.EnsureSuccess(await alice.Post($"{chat}/side-notes", new { text = SideNote }));
        for (var i = 0; i < Messages; i++)
        {
            await Problems.EnsureSuccess(await endUser.Api.Post("/api/enduser/chat/messages", new { text = $"user line {i:D3}" }));
            await Problems.EnsureSuccess(await alice.Post($"{chat}/messages", new { text = $"agent line {i:D3}" }));
        }
        return (alice, endUser, chat);
    }

    [Fact]
    public async Task T1_agents_download_the_whole_transcript_as_json_in_order_across_sealed_pages_with_internal_lines_marked()
    {
        var (alice, endUser, chat) = await BusyChat();
        var response = await alice.Get($"{chat}/transcript/download?format=json");
        await Problems.EnsureSuccess(response);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"chat-{endUser.ChatId}-transcript.json", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(endUser.ChatId, document.GetProperty("chatId").GetString());
        var entries = document.GetProperty("entries").EnumerateArray().ToList();
        // Every entry agents see, in sequence order, each once: the same as the agents' transcript reads.
        var read = await alice.GetJson<JsonElement>($"{chat}/transcript?after=0&max=500");
        Assert.Equal(read.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()),
            entries.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.True(entries.Count > 100, $"the transcript spans several sealed pages ({entries.Count} entries)");
        var seqs = entries.Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs.Order(), seqs);
        var userLines = entries.Select(e => e.GetProperty("text").GetString()!).Where(t => t.StartsWith("user line ")).ToList();
        Assert.Equal(Enumerable.Range(0, Messages).Select(i => $"user line {i:D3}"), userLines);

        var note = Assert.Single(entries, e => e.GetProperty("text").GetString() == SideNote);
        Assert.True(note.GetProperty("internal").GetBoolean());
        Assert.Equal("SideNote", note.GetProperty("kind").GetString());
        var hostile = Assert.Single(entries, e => e.GetProperty("text").GetString() == Hostile);
        Assert.False(hostile.GetProperty("internal").GetBoolean());
        Assert.Equal("Pat <b>Customer</b>", hostile.GetProperty("actor").GetProperty("name").GetString());
    }

    [Fact]
    public async Task T1_the_html_page_encodes_every_user_text_marks_internal_lines_and_runs_under_the_csp()
    {
        var (alice, endUser, chat) = await BusyChat();
        var response = await alice.Get($"{chat}/transcript/download?format=html");
        await Problems.EnsureSuccess(response);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"chat-{endUser.ChatId}-transcript.html", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);

        var html = await response.Content.ReadAsStringAsync();
        // No markup from a user survives: the hostile message and the end user's name are text.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("Pat &lt;b&gt;Customer&lt;/b&gt;", html);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/css/transcript.css\">", html);
        // The side note's line is marked internal; a message's is not.
        var noteLine = html.Split('\n').Single(l => l.Contains(SideNote));
        Assert.Contains("class=\"entry kind-sidenote by-agent internal\"", noteLine);
        Assert.Contains("<span class=\"tag\">Internal</span>", noteLine);
        var messageLine = html.Split('\n').Single(l => l.Contains("user line 007"));
        Assert.DoesNotContain("internal", messageLine);
        // Every line in order, once.
        var positions = Enumerable.Range(0, Messages).Select(i => html.IndexOf($">agent line {i:D3}<", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
        Assert.EndsWith("</html>\n", html);

        // Its stylesheet is served and prints.
        var css = await gateway.Anonymous().GetStringAsync("/css/transcript.css");
        Assert.Contains("@media print", css);
    }

    [Fact]
    public async Task T1_the_end_user_downloads_only_what_it_may_see()
    {
        var (alice, endUser, chat) = await BusyChat();
        // A monitor and an invite step: agents-only lines the end user must not get.
        using var bob = await gateway.SignIn("bob");
        var invite = await alice.PostJson<JsonElement>($"{chat}/invites", new { inviteeId = "bob", mode = "Monitor" });
        await Problems.EnsureSuccess(await bob.Post($"{chat}/invites/{invite.GetProperty("inviteId").GetString()}/response", new { answer = "Monitor" }));

        foreach (var format in new[] { "json", "html" })
        {
            var response = await endUser.Api.Get($"/api/enduser/chat/transcript/download?format={format}");
            await Problems.EnsureSuccess(response);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(SideNote, body);
            Assert.DoesNotContain("Internal", body);
            Assert.DoesNotContain("alice", body);
            Assert.DoesNotContain("bob", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("invite", body, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("user line 049", body);
            Assert.Contains("agent line 049", body);
            if (format == "json")
            {
                var entries = JsonDocument.Parse(body).RootElement.GetProperty("entries").EnumerateArray().ToList();
                // Its own numbers, from 1 without gaps, nothing internal.
                Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.GetProperty("seq").GetInt64()));
                Assert.All(entries, e => Assert.False(e.GetProperty("internal").GetBoolean()));
                var view = await endUser.Api.GetJson<JsonElement>("/api/enduser/chat");
                Assert.Equal(view.GetProperty("lastSeq").GetInt64(), entries.Count);
            }
            else
            {
                Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
                Assert.Contains("&lt;script&gt;", body);
            }
        }
    }

    [Fact]
    public async Task T1_refusals_are_problems_and_send_no_transcript()
    {
        var (_, endUser, chat) = await BusyChat();
        using var carol = await gateway.SignIn("dave");
        var refused = await carol.Get($"{chat}/transcript/download?format=html");
        await Problems.Assert(refused, 403, "A11");
        Assert.DoesNotContain("user line", await refused.Content.ReadAsStringAsync());

        using var alice = await gateway.SignIn("alice");
        await Problems.Assert(await alice.Get($"{chat}/transcript/download?format=pdf"), 400, "Request");
        await Problems.Assert(await endUser.Api.Get("/api/enduser/chat/transcript/download?format=xml"), 400, "Request");
        await Problems.Assert(await alice.Get("/api/chats/no-such-chat/transcript/download"), 404, "A11");
        // The end user's token is not an agent's.
        Assert.Equal(403, (int)(await endUser.Api.Get($"{chat}/transcript/download")).StatusCode);
        Assert.Equal(401, (int)(await gateway.Anonymous().GetAsync("/api/enduser/chat/transcript/download")).StatusCode);
    }
}
