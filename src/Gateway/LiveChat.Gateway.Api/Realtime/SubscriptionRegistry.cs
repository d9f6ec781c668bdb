namespace LiveChat.Gateway.Realtime;

using System.Collections.Immutable;

/// <summary>
/// The one place that keeps who watches what on this gateway: per key, its watchers (connection
/// and identity); per connection, its keys. Watchers are only ever added by the hub after the
/// grain allowed it (WatchChat passes A11), and removed when a connection goes, unwatches, or is
/// no longer in a chat's audience: nothing adds one back by itself.
/// </summary>
public sealed class SubscriptionRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<PushKey, ImmutableArray<Watcher>> _byKey = [];
    private readonly Dictionary<string, HashSet<PushKey>> _byConnection = [];
    // Keys whose first watcher was added and whose grain subscription is still on its way.
    private readonly HashSet<PushKey> _subscribing = [];

    /// <summary>Adds the watcher; true when it is the key's first (the grain must be subscribed to).</summary>
    public bool Add(PushKey key, Watcher watcher)
    {
        lock (_gate)
        {
            if (!_byConnection.TryGetValue(watcher.ConnectionId, out var keys)) _byConnection[watcher.ConnectionId] = keys = [];
            if (!keys.Add(key)) return false;
            var watchers = _byKey.GetValueOrDefault(key, []);
            _byKey[key] = watchers.Add(watcher);
            if (watchers.IsEmpty) _subscribing.Add(key);
            return watchers.IsEmpty;
        }
    }

    /// <summary>
    /// The first Subscribe for a key <see cref="Add"/> answered first for has finished, done or failed:
    /// from here renewals keep the key subscribed (a failed one is subscribed by the next round).
    /// </summary>
    public void SubscribeSettled(PushKey key)
    {
        lock (_gate) _subscribing.Remove(key);
    }

    /// <summary>Removes one connection's watch; true when the key has no watcher left (the grain can be unsubscribed from).</summary>
    public bool Remove(PushKey key, string connectionId)
    {
        lock (_gate)
        {
            if (!_byConnection.TryGetValue(connectionId, out var keys) || !keys.Remove(key)) return false;
            if (keys.Count == 0) _byConnection.Remove(connectionId);
            return RemoveWatcher(key, connectionId);
        }
    }

    /// <summary>Removes everything a connection watched; answers the keys left without watchers.</summary>
    public IReadOnlyList<PushKey> RemoveConnection(string connectionId)
    {
        lock (_gate)
        {
            if (!_byConnection.Remove(connectionId, out var keys)) return [];
            return keys.Where(key => RemoveWatcher(key, connectionId)).ToList();
        }
    }

    private bool RemoveWatcher(PushKey key, string connectionId)
    {
        var left = _byKey.GetValueOrDefault(key, []).RemoveAll(w => w.ConnectionId == connectionId);
        if (!left.IsEmpty)
        {
            _byKey[key] = left;
            return false;
        }
        _byKey.Remove(key);
        _subscribing.Remove(key);
        return true;
    }

    public ImmutableArray<Watcher> WatchersOf(PushKey key)
    {
        lock (_gate) return _byKey.GetValueOrDefault(key, []);
    }

    public bool IsWatched(PushKey key)
    {
        lock (_gate) return _byKey.ContainsKey(key);
    }

    /// <summary>
    /// The keys whose grain subscription is in place, for renewal. Not those still subscribing: a
    /// renewal could reach the grain before the first Subscribe, which would answer "lost" and have
    /// the watchers told to read again for nothing (seen under load).
    /// </summary>
    public IReadOnlyList<PushKey> SubscribedKeys()
    {
        lock (_gate) return [.. _byKey.Keys.Where(key => !_subscribing.Contains(key))];
    }

    /// <summary>The keys one connection watches.</summary>
    public IReadOnlyList<PushKey> KeysOf(string connectionId)
    {
        lock (_gate) return _byConnection.TryGetValue(connectionId, out var keys) ? [.. keys] : [];
    }

    public bool IsWatching(string connectionId, PushKey key)
    {
        lock (_gate) return _byConnection.TryGetValue(connectionId, out var keys) && keys.Contains(key);
    }
}
