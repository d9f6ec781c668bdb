namespace LiveChat.Web.Tests;

/// <summary>The directory administration page: an admin creates an agent, edits its queues, disables it, and reads the audit trail.</summary>
[Collection(WebCollection.Name)]
public sealed class AdminPageTests(WebFixture web)
{
    [WebFact]
    public async Task Admin_creates_edits_and_disables_an_agent_and_sees_the_three_audit_entries()
    {
        await using var ada = await web.OpenAsync("ada");
        var page = ada.Page;
        await page.GotoAsync("/admin.html");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as ada" }).ClickAsync();
        await Expect(page.Locator("#me-name")).ToHaveTextAsync("Ada Admin");
        await Expect(page.Locator("#agents tr[data-agent-id='alice']")).ToBeVisibleAsync();

        // Create: a Billing agent.
        var id = $"web-{Guid.NewGuid().ToString("N")[..6]}";
        await page.GetByRole(AriaRole.Button, new() { Name = "New agent" }).ClickAsync();
        await page.GetByLabel("Agent id").FillAsync(id);
        await page.GetByLabel("First name").FillAsync("Wendy");
        await page.GetByLabel("Last name").FillAsync("Web");
        await page.GetByLabel("Email").FillAsync($"{id}@example.com");
        await page.Locator("#agent-form-queues").GetByLabel("Billing").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save agent" }).ClickAsync();
        var row = page.Locator($"#agents tr[data-agent-id='{id}']");
        await Expect(row).ToContainTextAsync("billing");

        // Bad input gets the problem's rule and changes nothing.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Edit {id}" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync("not-an-email");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save agent" }).ClickAsync();
        await Expect(page.Locator("#editor-error")).ToContainTextAsync("Directory:");

        // Edit: also Technical Support.
        await page.GetByLabel("Email").FillAsync($"{id}@example.com");
        await page.Locator("#agent-form-queues").GetByLabel("Technical Support").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save agent" }).ClickAsync();
        await Expect(row).ToContainTextAsync("billing, tech");

        // Disable.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Disable {id}" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Disabled");

        // The audit trail: three entries, newest first, with who and what changed.
        var entries = page.Locator($"#audit li[data-target='agent:{id}']");
        await Expect(entries).ToHaveCountAsync(3);
        await Expect(entries.Nth(0)).ToHaveAttributeAsync("data-action", "DisableAgent");
        await Expect(entries.Nth(1)).ToHaveAttributeAsync("data-action", "UpdateAgent");
        await Expect(entries.Nth(2)).ToHaveAttributeAsync("data-action", "CreateAgent");
        await Expect(entries.Nth(0)).ToContainTextAsync("disabled: false → true");
        await Expect(entries.Nth(1)).ToContainTextAsync("queues: billing → billing, tech");
        await Expect(entries.Nth(1)).ToContainTextAsync("by ada");
        await ada.ScreenshotAsync("admin", docsName: "admin");
        Assert.Empty(ada.PageErrors);
    }

    [WebFact]
    public async Task An_agent_disabled_by_the_admin_is_signed_out_of_its_open_console()
    {
        await using var ada = await web.OpenAsync("ada");
        await using var agent = await web.OpenAsync("agent");
        var admin = ada.Page;
        await admin.GotoAsync("/admin.html");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in as ada" }).ClickAsync();
        var id = $"web-{Guid.NewGuid().ToString("N")[..6]}";
        await admin.GetByRole(AriaRole.Button, new() { Name = "New agent" }).ClickAsync();
        await admin.GetByLabel("Agent id").FillAsync(id);
        await admin.GetByLabel("First name").FillAsync("Dora");
        await admin.GetByLabel("Last name").FillAsync("Disabled");
        await admin.GetByLabel("Email").FillAsync($"{id}@example.com");
        await admin.Locator("#agent-form-queues").GetByLabel("Billing").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save agent" }).ClickAsync();
        var row = admin.Locator($"#agents tr[data-agent-id='{id}']");
        await Expect(row).ToBeVisibleAsync();

        var console = agent.Page;
        await console.GotoAsync("/agent.html");
        await console.Locator("#agent-id").FillAsync(id);
        await console.Locator("#sign-in-form button[type=submit]").ClickAsync();
        await Expect(console.Locator("#me-name")).ToHaveTextAsync("Dora Disabled");
        await Expect(console.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Disable {id}" }).ClickAsync();
        await Expect(console.Locator("#sign-in")).ToBeVisibleAsync();
        Assert.Empty(agent.PageErrors);
    }
}
