namespace LiveChat.Testing;

using System.Collections.Concurrent;

/// <summary>
/// The state each grain last stored, as the grain handed it to storage: lets a test check what a
/// write carries (its size, its contents) without reading the database. Holds the grain's own
/// object, so read it while the grain is idle.
/// </summary>
public sealed class StateWrites
{
    private readonly ConcurrentDictionary<string, object?> _last = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();

    /// <summary>How many times the grain stored this state so far.</summary>
    public int Count(string stateName, string grainKey) => _counts.GetValueOrDefault($"{stateName}:{grainKey}");

    public T? LastWritten<T>(string stateName, string grainKey) where T : class =>
        _last.TryGetValue($"{stateName}:{grainKey}", out var state) ? state as T : null;

    internal void Record(string stateName, string grainKey, object? state)
    {
        _last[$"{stateName}:{grainKey}"] = state;
        _counts.AddOrUpdate($"{stateName}:{grainKey}", 1, (_, n) => n + 1);
    }
}
