namespace LiveChat.Web.Tests;

using System.Text.RegularExpressions;

/// <summary>
/// The end user's page and a push lost between the gateway and the browser (no reconnect, no
/// "chatStale"): the end user's entries are numbered without gaps, so the next push shows the hole
/// and the page reads the transcript again at once.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class EndUserPushGapTests(WebFixture web)
{
    /// <summary>Ends each message of SignalR's JSON protocol; one WebSocket frame may carry several.</summary>
    private const char RecordSeparator = '\u001e';

    [WebFact]
    public async Task End_user_page_reads_again_when_a_pushed_entry_skips_a_number()
    {
        using var api = new DemoApi(web.BaseUrl);
        await using var visitor = await web.OpenAsync("visitor", phone: true);
        var page = visitor.Page;
        var lost = $"Lost on the way {Guid.NewGuid():N}";
        var dropped = 0;
        // Between the page and the hub: every message passes, except any that carries `lost`.
        await page.RouteWebSocketAsync(new Regex("/hubs/livechat"), socket =>
        {
            var server = socket.ConnectToServer();
            server.OnMessage(frame =>
            {
                if (frame.Text is not { } text)
                {
                    if (frame.Binary is { } bytes) socket.Send(bytes);
                    return;
                }
                var records = text.Split(RecordSeparator);
                var kept = records.Where(record => !record.Contains(lost, StringComparison.Ordinal)).ToArray();
                Interlocked.Add(ref dropped, records.Length - kept.Length);
                var forwarded = string.Join(RecordSeparator, kept);
                if (forwarded.Length > 0) socket.Send(forwarded);
            });
        });

        await page.GotoAsync("/");
        await page.GetByLabel("Your name").FillAsync("Gail Gap");
        await page.GetByLabel("Your question").FillAsync("Is my order on its way?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        // The message box takes the focus once the page has read the transcript the first time.
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToBeFocusedAsync();
        var chatId = await page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('livechat.enduser')).chatId");

        var agent = await api.SignInAsync(await api.CreateAgentAsync("gap", "Gus", "Gap", ["billing"]));
        await DemoApi.PostAsync(agent, $"/api/chats/{chatId}/accept");
        await DemoApi.PostAsync(agent, $"/api/chats/{chatId}/messages", new { text = lost });
        await DemoApi.PostAsync(agent, $"/api/chats/{chatId}/messages", new { text = "Are you still there?" });

        // Both answers, in order: the second one's push showed the gap, and the read brought the first.
        await Expect(page.Locator("#transcript .entry.in .bubble")).ToHaveTextAsync([lost, "Are you still there?"]);
        Assert.Equal(1, Volatile.Read(ref dropped));
        Assert.Empty(visitor.PageErrors);
    }
}
