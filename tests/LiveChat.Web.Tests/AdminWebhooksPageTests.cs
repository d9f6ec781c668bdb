namespace LiveChat.Web.Tests;

/// <summary>The admin page's Webhooks section: register an endpoint (secret shown once), see a refusal's rule, read its log, delete it (W1–W8).</summary>
[Collection(WebCollection.Name)]
public sealed class AdminWebhooksPageTests(WebFixture web)
{
    [WebFact]
    public async Task Admin_registers_a_webhook_sees_its_secret_once_reads_its_deliveries_and_deletes_it()
    {
        await using var ada = await web.OpenAsync("ada");
        var page = ada.Page;
        await page.GotoAsync("/admin.html");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as ada" }).ClickAsync();
        await Expect(page.Locator("#me-name")).ToHaveTextAsync("Ada Admin");

        // A private address is refused (W3) with the problem's rule, and nothing is listed.
        await page.GetByLabel("Endpoint URL (https)").FillAsync("https://10.0.0.7/hook");
        await page.Locator("#webhook-events").GetByLabel("chat.ended").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register endpoint" }).ClickAsync();
        await Expect(page.Locator("#webhook-error")).ToContainTextAsync("Webhooks:");

        // A public https endpoint is registered; its secret shows once.
        var url = $"https://hooks.example.com/{Guid.NewGuid():N}";
        await page.GetByLabel("Endpoint URL (https)").FillAsync(url);
        await page.GetByLabel("Description").FillAsync("CRM sync");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register endpoint" }).ClickAsync();
        await Expect(page.Locator("#webhook-secret-value")).ToContainTextAsync("whsec_");
        var row = page.Locator("#webhooks tbody tr", new() { HasText = url });
        await Expect(row).ToContainTextAsync("chat.ended");
        await Expect(row).ToContainTextAsync("CRM sync");
        await Expect(page.Locator("#webhooks")).Not.ToContainTextAsync("whsec_");

        // Its delivery log (nothing sent yet).
        await row.GetByRole(AriaRole.Button, new() { Name = $"Deliveries of {url}" }).ClickAsync();
        await Expect(page.Locator("#webhook-log-title")).ToContainTextAsync("0 waiting");

        // Deleted after confirming.
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = $"Delete {url}" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        Assert.Empty(ada.PageErrors);
    }
}
