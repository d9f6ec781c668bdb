namespace LiveChat.Testing;

using System.Collections.Concurrent;

/// <summary>
/// Faults a test arms before a call: "the next N calls to IAgentGrain.TrackInvite on agent x
/// fail", or "the next write of the chat's state fails". Shared by the silos of one cluster.
/// </summary>
public sealed class FaultPlan
{
    private readonly ConcurrentDictionary<string, int> _armed = new();

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> on grain <paramref name="grainKey"/> throw.</summary>
    public void FailCalls(string method, string grainKey, int times = 1) => _armed[$"call:{method}:{grainKey}"] = times;

    /// <summary>The next <paramref name="times"/> writes of state <paramref name="stateName"/> of grain <paramref name="grainKey"/> throw.</summary>
    public void FailWrites(string stateName, string grainKey, int times = 1) => _armed[$"write:{stateName}:{grainKey}"] = times;

    public void Clear() => _armed.Clear();

    internal bool ShouldFailCall(string method, string grainKey) => Take($"call:{method}:{grainKey}");

    internal bool ShouldFailWrite(string stateName, string grainKey) => Take($"write:{stateName}:{grainKey}");

    private bool Take(string key)
    {
        while (_armed.TryGetValue(key, out var left) && left > 0)
        {
            if (_armed.TryUpdate(key, left - 1, left)) return true;
        }
        return false;
    }
}

/// <summary>What an armed fault throws: recognisable in assertions, never mistaken for a rule refusal.</summary>
[GenerateSerializer, Alias("LiveChat.Testing.InjectedFaultException")]
public sealed class InjectedFaultException(string message) : Exception(message);
