namespace LiveChat.Web.Tests;

using System.Text.RegularExpressions;

/// <summary>
/// The agent console survives a dropped hub connection: SignalR reconnects by itself, the console
/// watches its open chat again and reads transcript?after=lastSeq, so nothing said meanwhile is lost.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ReconnectTests(WebFixture web)
{
    [WebFact]
    public async Task Agent_console_rewatches_and_catches_up_after_the_hub_connection_drops()
    {
        await using var endUser = await web.OpenAsync("end user", phone: true);
        await using var agent = await web.OpenAsync("carol");
        var page = agent.Page;

        // The network between Carol's browser and the hub, under the test's control.
        var offline = false;
        var sockets = new List<IWebSocketRoute>();
        await page.RouteWebSocketAsync(new Regex("/hubs/livechat"), socket =>
        {
            if (offline)
            {
                _ = socket.CloseAsync();
                return;
            }
            socket.ConnectToServer();
            lock (sockets) sockets.Add(socket);
        });
        await page.RouteAsync(new Regex("/hubs/livechat/negotiate"), route => offline ? route.AbortAsync() : route.ContinueAsync());

        var eu = endUser.Page;
        await eu.GotoAsync("/");
        await eu.GetByLabel("Your name").FillAsync("Dana Drop");
        await eu.GetByLabel("Your question").FillAsync("Are you still there?");
        await eu.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await Expect(eu.Locator("#transcript")).ToContainTextAsync("Are you still there?");
        var chatId = await eu.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('livechat.enduser')).chatId");

        await page.GotoAsync("/agent.html");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as carol" }).ClickAsync();
        await Expect(page.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Queue" }).ClickAsync();
        await page.Locator($".waiting-item[data-chat-id='{chatId}']").GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        var transcript = page.Locator("article.chat-panel .transcript");
        await Expect(transcript).ToContainTextAsync("Are you still there?");

        // The connection drops and stays down while the end user writes.
        offline = true;
        IWebSocketRoute[] open;
        lock (sockets) open = [.. sockets];
        foreach (var socket in open) await socket.CloseAsync(new() { Code = 4000, Reason = "network lost" });
        await Expect(page.Locator("#conn")).ToHaveAttributeAsync("data-state", "reconnecting");
        await eu.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("Hello? I lost you for a moment.");
        await eu.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).PressAsync("Enter");
        await Expect(eu.Locator("#transcript")).ToContainTextAsync("Hello? I lost you for a moment.");
        await Expect(transcript).Not.ToContainTextAsync("Hello? I lost you for a moment.");

        // Back online: reconnected, the missed message is read, and live events flow again.
        offline = false;
        await Expect(page.Locator("#conn")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 20_000 });
        await Expect(transcript).ToContainTextAsync("Hello? I lost you for a moment.");
        await Expect(transcript.Locator(".entry", new() { HasText = "Hello? I lost you for a moment." })).ToHaveCountAsync(1);
        await eu.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("Great, you're back.");
        await eu.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).PressAsync("Enter");
        await Expect(transcript).ToContainTextAsync("Great, you're back.");
        Assert.Empty(agent.PageErrors);
    }
}
