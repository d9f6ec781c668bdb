namespace LiveChat.Web.Tests;

using System.Collections.Concurrent;

/// <summary>
/// Exactly-once from the browser: the end-user page sends an Idempotency-Key with each creating
/// call and, when the answer is lost (the request reached the gateway, then the network failed),
/// sends the same key again; the chat starts once and the message is stored once. A read (GET)
/// answered 502/503/504 is sent again too: it changes nothing, so it needs no key.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ConsoleRetryTests(WebFixture web)
{
    [WebFact]
    public async Task Idempotency_the_end_user_page_retries_a_lost_answer_with_the_same_key_and_stores_once()
    {
        await using var endUser = await web.OpenAsync("end user", phone: true);
        var page = endUser.Page;
        var keys = new ConcurrentDictionary<string, ConcurrentQueue<string?>>();
        var lost = new ConcurrentDictionary<string, bool>();
        var retried = new ConcurrentDictionary<string, TaskCompletionSource>();
        foreach (var path in new[] { "**/api/enduser/chats", "**/api/enduser/chat/messages" })
        {
            await page.RouteAsync(path, async route =>
            {
                if (route.Request.Method != "POST")
                {
                    await route.ContinueAsync();
                    return;
                }
                route.Request.Headers.TryGetValue("idempotency-key", out var key);
                var sent = keys.GetOrAdd(path, _ => new());
                sent.Enqueue(key);
                if (sent.Count == 2) retried.GetOrAdd(path, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                if (lost.TryAdd(path, true))
                {
                    // The gateway gets and commits the first attempt; its answer never reaches the page.
                    await route.FetchAsync();
                    await route.AbortAsync("connectionreset");
                }
                else await route.ContinueAsync();
            });
        }

        await page.GotoAsync("/");
        await page.GetByLabel("Your name").FillAsync("Riley Retry");
        await page.GetByLabel("Your question").FillAsync("Is my order shipped?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        var transcript = page.Locator("#transcript");
        await Expect(transcript).ToContainTextAsync("Is my order shipped?");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("Order 4711");
        await page.Keyboard.PressAsync("Enter");
        await Expect(transcript.Locator(".entry.out").Last).ToContainTextAsync("Order 4711");

        // The page shows its own message from the push of the first attempt; the retry follows it.
        await retried.GetOrAdd("**/api/enduser/chat/messages", _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(TimeSpan.FromSeconds(15));
        foreach (var (path, sent) in keys)
        {
            var attempts = sent.ToArray();
            Assert.True(attempts.Length == 2, $"{path}: {attempts.Length} attempts");
            Assert.False(string.IsNullOrEmpty(attempts[0]), $"{path} carried no Idempotency-Key");
            Assert.Equal(attempts[0], attempts[1]);
        }
        Assert.Equal(2, keys.Count);

        // Read back from the gateway after a reload: one chat, the question and the message once each.
        await page.UnrouteAllAsync();
        await page.ReloadAsync();
        await Expect(transcript).ToContainTextAsync("Order 4711");
        Assert.Equal(1, await transcript.Locator(".entry", new() { HasTextString = "Order 4711" }).CountAsync());
        Assert.Equal(1, await transcript.Locator(".entry", new() { HasTextString = "Is my order shipped?" }).CountAsync());
        Assert.Empty(endUser.PageErrors);
    }

    [WebFact]
    public async Task A_read_answered_503_Unavailable_is_sent_again_after_the_pause_and_its_answer_is_used()
    {
        await using var endUser = await web.OpenAsync("end user", phone: true);
        var page = endUser.Page;
        var attempts = 0;
        var again = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/api/enduser/queues/*/availability", async route =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                // A silo failing over: the gateway's 503 with Retry-After (one second).
                await route.FulfillAsync(new()
                {
                    Status = 503,
                    ContentType = "application/problem+json",
                    Headers = new Dictionary<string, string> { ["Retry-After"] = "1" },
                    Body = """{"title":"The service is busy","status":503,"ruleId":"Unavailable"}""",
                });
                return;
            }
            var response = await route.FetchAsync();
            again.TrySetResult(response.Status);
            await route.FulfillAsync(new() { Response = response });
        });

        await page.GotoAsync("/");
        // Without the retry the page reads availability once, takes the 503 as "unknown" and never asks again.
        Assert.Equal(200, await again.Task.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Empty(endUser.PageErrors);
    }
}
