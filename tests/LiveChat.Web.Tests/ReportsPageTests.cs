namespace LiveChat.Web.Tests;

using System.Net.Http.Json;
using System.Text.Json;

/// <summary>
/// Supervisors' reports in the browser (docs/rules.md RP1-RP3): in a queue of its own, a few chats
/// (answered and ended, given up while waiting, invited and transferred); the supervisor opens the
/// Reports section and sees the charts drawn by Chart.js and the figures of those chats in the table.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ReportsPageTests(WebFixture web)
{
    [AxeFact]
    public async Task RP1_RP3_the_reports_section_charts_and_lists_the_chats_made_today()
    {
        using var api = new DemoApi(web.BaseUrl);
        var queue = await api.CreateQueueAsync("reports", "Returns");
        var supervisorId = await api.CreateAgentAsync("rp-sv", "Rita", "Reports", [], role: "Supervisor", supervises: [queue]);
        var nina = await api.CreateAgentAsync("rp-nina", "Nina", "North", [queue]);
        var omar = await api.CreateAgentAsync("rp-omar", "Omar", "Oak", [queue]);
        var ninaApi = await api.SignInAsync(nina);
        var omarApi = await api.SignInAsync(omar);

        // Two chats Nina answers and ends; one the customer gives up on; one Nina invites Omar to (he
        // rejects) and then transfers to him.
        for (var n = 1; n <= 2; n++)
        {
            var (chatId, _) = await api.StartChatAsync(queue, $"Customer {n}", "Where is my refund?");
            await DemoApi.PostAsync(ninaApi, $"/api/chats/{chatId}/accept");
            await DemoApi.PostAsync(ninaApi, $"/api/chats/{chatId}/messages", new { text = "Let me check." });
            await DemoApi.PostAsync(ninaApi, $"/api/chats/{chatId}/end");
        }
        var (_, gaveUp) = await api.StartChatAsync(queue, "Impatient Ivan", "Hello?");
        await DemoApi.PostAsync(gaveUp, "/api/enduser/chat/end");
        var (moved, _) = await api.StartChatAsync(queue, "Moved Mia", "I need Omar");
        await DemoApi.PostAsync(ninaApi, $"/api/chats/{moved}/accept");
        var invite = await DemoApi.PostForAsync(ninaApi, $"/api/chats/{moved}/invites", new { inviteeId = omar, mode = "Participant" });
        await DemoApi.PostAsync(omarApi, $"/api/chats/{moved}/invites/{invite.GetProperty("inviteId").GetString()}/response", new { answer = "Reject" });
        await DemoApi.PostAsync(ninaApi, $"/api/chats/{moved}/transfer", new { toAgentId = omar });

        // Chats reach the report one-way (RP4): wait until the last chat's transfer is counted, then look.
        var supervisorApi = await api.SignInAsync(supervisorId, online: false);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            while ((await supervisorApi.GetFromJsonAsync<JsonElement>($"/api/supervisor/reports?queue={queue}&range=today", timeout.Token))
                   .GetProperty("queue").GetProperty("chatsTransferred").GetInt32() < 1)
                await Task.Delay(50, timeout.Token);
        }

        await using var supervisor = await web.OpenAsync("supervisor");
        var s = supervisor.Page;
        await s.GotoAsync("/supervisor.html");
        await s.Locator("#agent-id").FillAsync(supervisorId);
        await s.Locator("#sign-in-form button[type=submit]").ClickAsync();
        await Expect(s.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");

        await s.GetByRole(AriaRole.Button, new() { Name = "Reports" }).ClickAsync();
        var reports = s.GetByRole(AriaRole.Region, new() { Name = "Reports" });
        await Expect(reports).ToBeVisibleAsync();
        await Expect(s.Locator("#report-queue")).ToHaveValueAsync(queue);
        var table = reports.GetByRole(AriaRole.Table, new() { Name = "Figures of the period" });
        await Expect(table.Locator("tr[data-figure='Chats started'] td").First).ToHaveTextAsync("4");
        await Expect(table.Locator("tr[data-figure='Chats transferred'] td").First).ToHaveTextAsync("1");

        // The queue's column (the first) holds the chats made above.
        async Task Row(string figure, params string[] cells) =>
            await Expect(table.Locator($"tr[data-figure='{figure}'] td")).ToHaveTextAsync(cells);
        await Expect(table.Locator("thead th")).ToHaveTextAsync(["Figure", "Queue total", "Nina North", "Omar Oak"]);
        await Row("Chats started", "4", "0", "0");
        await Row("Chats answered", "2", "2", "0");
        await Row("Chats ended", "2", "2", "0");
        await Row("Chats abandoned", "1", "0", "0");
        await Row("Chats transferred", "1", "1", "0");
        await Row("Invites sent", "1", "1", "0");
        await Row("Invites rejected", "1", "0", "1");
        await Row("SLA breaches", "0", "0", "0");

        // Chart.js drew both charts on their canvases (a chart instance per canvas, with pixels).
        foreach (var canvas in new[] { "#report-days-chart", "#report-agents-chart" })
        {
            Assert.True(await s.EvaluateAsync<bool>($"() => {{ const c = document.querySelector('{canvas}'); return !!Chart.getChart(c) && c.width > 0 && c.height > 0; }}"));
        }
        Assert.Equal(3, await s.EvaluateAsync<int>("() => Chart.getChart(document.querySelector('#report-days-chart')).data.datasets.length"));
        Assert.Equal(4, await s.EvaluateAsync<int>("() => Chart.getChart(document.querySelector('#report-days-chart')).data.datasets[0].data.at(-1)"));

        await supervisor.ScreenshotAsync("reports", docsName: "reports");
        var audit = new AxeAudit();
        await audit.CheckAsync(s, "/supervisor.html reports");
        audit.AssertClean();

        // The 30-day period lists 30 days in its chart; back to the live dashboard.
        await s.Locator("#report-range").SelectOptionAsync("30d");
        await reports.GetByRole(AriaRole.Button, new() { Name = "Show report" }).ClickAsync();
        await Expect(s.Locator("#report-period")).ToContainTextAsync(" to ");
        Assert.Equal(30, await s.EvaluateAsync<int>("() => Chart.getChart(document.querySelector('#report-days-chart')).data.labels.length"));
        await s.GetByRole(AriaRole.Button, new() { Name = "Live dashboard" }).ClickAsync();
        await Expect(s.Locator("#dashboard")).ToBeVisibleAsync();
        Assert.Empty(supervisor.PageErrors);
        Assert.Empty(supervisor.CspViolations);
    }
}
