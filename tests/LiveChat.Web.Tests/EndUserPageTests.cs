namespace LiveChat.Web.Tests;

using System.Text.RegularExpressions;

/// <summary>The end user's page on a 390-px phone screen, used with the keyboard alone.</summary>
[Collection(WebCollection.Name)]
public sealed class EndUserPageTests(WebFixture web)
{
    [WebFact]
    public async Task End_user_page_fits_a_390px_phone_and_works_by_keyboard()
    {
        // An agent of Technical Support is online, so the page offers a live chat (B2): with nobody
        // online it would also ask for a contact (one more field in the tab order). Left to whatever
        // other tests left signed in, the state depended on the order the tests ran in.
        using var api = new DemoApi(web.BaseUrl);
        using var agent = await api.SignInAsync(await api.CreateAgentAsync("keys", "Kit", "Keys", ["tech"]));
        await using var endUser = await web.OpenAsync("end user", phone: true);
        var page = endUser.Page;
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Start a chat" })).ToBeVisibleAsync();
        await AssertFitsWidth(page);
        await endUser.ScreenshotAsync("enduser-start");

        // Name, queue (arrow keys in the radio group), question, then Enter on "Start chat".
        await page.GetByLabel("Your name").FocusAsync();
        await page.Keyboard.TypeAsync("Robin Keys");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.GetByLabel("Technical Support")).ToBeCheckedAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("The app crashes at start");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start chat" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        var transcript = page.Locator("#transcript");
        await Expect(transcript).ToContainTextAsync("The app crashes at start");
        await Expect(page.Locator("#status")).ToHaveTextAsync(new Regex("Waiting for an agent · Technical Support|chatting with"));
        var message = page.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await Expect(message).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("It shows error 0x42.");
        await page.Keyboard.PressAsync("Enter");
        await Expect(transcript.Locator(".entry.out").Last).ToContainTextAsync("It shows error 0x42.");
        await AssertFitsWidth(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("This chat has ended.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start a new chat" })).ToBeVisibleAsync();
        await Expect(message).ToBeHiddenAsync();
        Assert.Empty(endUser.PageErrors);
    }

    /// <summary>Nothing wider than the phone: no sideways scrolling.</summary>
    private static async Task AssertFitsWidth(IPage page)
    {
        var (scrollWidth, viewport) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => window.innerWidth"));
        Assert.True(scrollWidth <= viewport, $"The page is {scrollWidth}px wide on a {viewport}px screen.");
    }
}
