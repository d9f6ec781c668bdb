namespace LiveChat.Web.Tests;

/// <summary>Every form control of the three pages has a label, and the pages load without errors.</summary>
[Collection(WebCollection.Name)]
public sealed class AccessibilityTests(WebFixture web)
{
    // Visible inputs, selects and textareas whose accessible name would be empty.
    private const string UnlabelledControls = """
        () => [...document.querySelectorAll('input, select, textarea')]
          .filter(el => el.type !== 'hidden' && !el.hidden && el.offsetParent !== null)
          .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
          .map(el => el.outerHTML)
        """;

    [WebFact]
    public async Task Every_control_on_the_three_pages_has_a_label()
    {
        await using var visitor = await web.OpenAsync("visitor");
        foreach (var path in new[] { "/", "/agent.html", "/supervisor.html", "/admin.html" })
        {
            await visitor.Page.GotoAsync(path);
            await Expect(visitor.Page.Locator("h1").First).ToBeVisibleAsync();
            var unlabelled = await visitor.Page.EvaluateAsync<string[]>(UnlabelledControls);
            Assert.True(unlabelled.Length == 0, $"{path} has controls without a label: {string.Join(" ", unlabelled)}");
        }
        Assert.Empty(visitor.PageErrors);
    }
}
