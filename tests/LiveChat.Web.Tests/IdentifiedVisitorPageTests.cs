namespace LiveChat.Web.Tests;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

/// <summary>
/// Identified visitors in the browser: the host website links to the end-user page with
/// #visitor=&lt;token&gt;; the page takes the name from it, keeps the token out of the address bar,
/// and the chat that starts carries the verified customer, as the agent console shows.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class IdentifiedVisitorPageTests(WebFixture web)
{
    [WebFact]
    public async Task Visitor_the_end_user_page_starts_a_verified_chat_from_the_sites_link()
    {
        var customerId = "shop-" + Guid.NewGuid().ToString("N")[..8];
        var name = "Ida " + Guid.NewGuid().ToString("N")[..5];
        var token = SiteToken(customerId, name, "ida@example.com");
        await using var endUser = await web.OpenAsync("identified visitor");
        var page = endUser.Page;

        await page.GotoAsync($"/#visitor={token}");

        await Expect(page.GetByLabel("Your name")).ToHaveValueAsync(name);
        Assert.DoesNotContain("visitor=", page.Url);
        await page.GetByLabel("Your question").FillAsync("Where is my order?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await Expect(page.Locator("#transcript")).ToContainTextAsync("Where is my order?");

        await using var erin = await web.OpenAsync("erin");
        using var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };
        var signedIn = await (await http.PostAsJsonAsync("/api/auth/demo-sign-in", new { agentId = "erin" })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", signedIn.GetProperty("token").GetString());
        (await http.PutAsJsonAsync("/api/me/presence", new { presence = "Online" })).EnsureSuccessStatusCode();
        var waiting = await http.GetFromJsonAsync<JsonElement>("/api/queues/billing/waiting");
        var chatId = waiting.EnumerateArray().Single(w => w.GetProperty("endUserName").GetString() == name).GetProperty("chatId").GetString();
        (await http.PostAsync($"/api/chats/{chatId}/accept", null)).EnsureSuccessStatusCode();

        var console = erin.Page;
        await console.GotoAsync("/agent.html");
        await console.GetByRole(AriaRole.Button, new() { Name = "Sign in as erin" }).ClickAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = name }).First.ClickAsync();
        await Expect(console.GetByTestId("customer-identity")).ToHaveTextAsync($"Verified by {WebFixture.VisitorSite}: {customerId} · ida@example.com");
        Assert.Empty(endUser.PageErrors);
    }

    /// <summary>What the host website's server would make: HS256 over its site secret.</summary>
    private static string SiteToken(string customerId, string name, string email)
    {
        static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = WebFixture.VisitorSite, aud = "livechat-visitor", sub = customerId, name, email, iat = now, exp = now + 300,
        }));
        var signature = Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebFixture.VisitorSiteSecret), Encoding.UTF8.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }
}
