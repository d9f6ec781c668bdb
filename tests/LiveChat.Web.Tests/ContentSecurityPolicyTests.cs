namespace LiveChat.Web.Tests;

/// <summary>
/// The three pages under the gateway's Content-Security-Policy (no inline script or style, this
/// origin only): they load, sign in, go live on the hub and draw, with no violation reported.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ContentSecurityPolicyTests(WebFixture web)
{
    [WebFact]
    public async Task Content_security_policy_the_three_pages_work_without_a_violation()
    {
        await using var endUser = await web.OpenAsync("end user", phone: true);
        await using var alice = await web.OpenAsync("alice");
        await using var sam = await web.OpenAsync("sam");

        var page = await endUser.Page.GotoAsync("/");
        Assert.Contains("script-src 'self'", (await page!.AllHeadersAsync())["content-security-policy"]);
        await endUser.Page.GetByLabel("Your name").FillAsync("Casey Policy");
        await endUser.Page.GetByLabel("Billing").CheckAsync();
        await endUser.Page.GetByLabel("Your question").FillAsync("Is this page allowed to run?");
        await endUser.Page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await Expect(endUser.Page.Locator("#transcript")).ToContainTextAsync("Is this page allowed to run?");

        await SignIn(alice.Page, "/agent.html", "alice");
        await alice.Page.GetByRole(AriaRole.Tab, new() { Name = "Queue" }).ClickAsync();
        await Expect(alice.Page.Locator(".waiting-item").First).ToBeVisibleAsync();

        // The dashboard draws each agent's load as a bar whose width is set from script.
        await SignIn(sam.Page, "/supervisor.html", "sam");
        var bar = sam.Page.Locator(".load-bar > span").First;
        await Expect(bar).ToBeAttachedAsync();

        foreach (var person in new[] { endUser, alice, sam })
        {
            Assert.True(person.CspViolations.Count == 0, $"{person.Person}: {string.Join(" | ", person.CspViolations)}");
            Assert.True(person.PageErrors.Count == 0, $"{person.Person}'s page threw: {string.Join(" | ", person.PageErrors)}");
        }
        Assert.Matches(@"^\d+%$", await bar.EvaluateAsync<string>("e => e.style.width"));
    }

    private static async Task SignIn(IPage page, string path, string agentId)
    {
        await page.GotoAsync(path);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in as {agentId}" }).ClickAsync();
        await Expect(page.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");
    }
}
