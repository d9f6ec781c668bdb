namespace LiveChat.LoadTest;

using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Runtime;
using Orleans.Storage;

/// <summary>
/// Grain storage that keeps each grain's state object itself in a dictionary: no serialization, no
/// copy, no I/O, no thread hop, nothing durable. The ceiling scenario runs the product on it to show
/// how fast a path is with its storage taken away, which no durable storage engine can pass.
/// Never for a product silo.
/// </summary>
public sealed class NoCopyMemoryStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), (object State, string ETag)> _states = new();
    private long _version;

    /// <summary>
    /// Nothing to open. It replaces the SQLite provider under the same name, whose registration
    /// resolves that name as a silo lifecycle participant.
    /// </summary>
    public void Participate(ISiloLifecycle lifecycle)
    {
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_states.TryGetValue((stateName, grainId), out var stored))
        {
            grainState.State = (T)stored.State;
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            // As the product's providers: a missing record reads as a fresh state.
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var etag = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
        _states[(stateName, grainId)] = (grainState.State!, etag);
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _states.TryRemove((stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
