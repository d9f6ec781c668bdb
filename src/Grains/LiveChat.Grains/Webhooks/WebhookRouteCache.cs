namespace LiveChat.Grains.Webhooks;

using System.Diagnostics;
using Microsoft.Extensions.Options;

/// <summary>
/// One silo's copy of the registry's routes, shared by its router activations and its chats. A chat
/// asks <see cref="MayWant"/> before it builds an event: while the copy is fresh and no endpoint takes
/// that event type, the chat builds and sends nothing, so a deployment without webhooks pays no call
/// per message. Otherwise (a subscriber, or a copy older than <see cref="WebhookOptions.RouteCacheTtl"/>)
/// it hands the event to the router, which reads fresh routes: an endpoint still gets events at most
/// RouteCacheTtl after it was registered.
/// </summary>
public sealed class WebhookRouteCache(IOptions<WebhookOptions> options)
{
    private sealed record Snapshot(IReadOnlyList<WebhookRoute> Routes, IReadOnlySet<WebhookEventType> Types, long ReadAt);

    // Replaced whole, never changed: chats and router activations on many threads read it unlocked.
    private volatile Snapshot? _snapshot;

    /// <summary>False only when the copy is fresh and no endpoint takes events of this type.</summary>
    public bool MayWant(WebhookEventType type) => _snapshot is not { } snapshot || !IsFresh(snapshot) || snapshot.Types.Contains(type);

    /// <summary>The routes, read with <paramref name="read"/> when the copy is missing or stale.</summary>
    public async Task<IReadOnlyList<WebhookRoute>> Routes(Func<Task<IReadOnlyList<WebhookRoute>>> read)
    {
        if (_snapshot is { } snapshot && IsFresh(snapshot)) return snapshot.Routes;
        var routes = await read();
        _snapshot = new Snapshot(routes, routes.SelectMany(r => r.Events).ToHashSet(), Stopwatch.GetTimestamp());
        return routes;
    }

    private bool IsFresh(Snapshot snapshot) => Stopwatch.GetElapsedTime(snapshot.ReadAt) < options.Value.RouteCacheTtl;
}
