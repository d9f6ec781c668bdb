namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Webhooks;
using Microsoft.Extensions.Options;

/// <summary>
/// The silo's copy of the webhook routes (W1): chats skip building an event only while the copy is
/// fresh and no endpoint takes its type; otherwise they hand it to the router, which reads the registry.
/// </summary>
public sealed class WebhookRouteCacheTests
{
    private static WebhookRouteCache CacheWithTtl(TimeSpan ttl) => new(Options.Create(new WebhookOptions { RouteCacheTtl = ttl }));

    [Fact]
    public async Task W1_a_fresh_copy_skips_only_the_event_types_no_endpoint_takes()
    {
        var cache = CacheWithTtl(TimeSpan.FromHours(1));
        // Nothing read yet: every event goes to the router, which reads the registry.
        Assert.True(cache.MayWant(WebhookEventType.ChatStarted));

        var reads = 0;
        Task<IReadOnlyList<WebhookRoute>> Read()
        {
            reads++;
            return Task.FromResult<IReadOnlyList<WebhookRoute>>([new WebhookRoute("ep1", [WebhookEventType.MessagePosted])]);
        }

        var routes = await cache.Routes(Read);
        Assert.Equal("ep1", Assert.Single(routes).EndpointId);
        Assert.True(cache.MayWant(WebhookEventType.MessagePosted));
        Assert.False(cache.MayWant(WebhookEventType.ChatStarted));
        // Fresh: the registry is not asked again.
        await cache.Routes(Read);
        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task W1_a_stale_copy_hands_every_event_off_and_is_read_again()
    {
        var cache = CacheWithTtl(TimeSpan.Zero);
        var reads = 0;
        Task<IReadOnlyList<WebhookRoute>> ReadNone()
        {
            reads++;
            return Task.FromResult<IReadOnlyList<WebhookRoute>>([]);
        }

        await cache.Routes(ReadNone);
        // No endpoint at all, but the copy is already stale: an endpoint registered since must not miss events.
        Assert.True(cache.MayWant(WebhookEventType.ChatStarted));
        await cache.Routes(ReadNone);
        Assert.Equal(2, reads);
    }
}
