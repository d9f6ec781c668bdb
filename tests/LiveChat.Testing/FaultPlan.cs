namespace LiveChat.Testing;

using System.Collections.Concurrent;

/// <summary>
/// Faults a test arms before a call: "the next N calls to IAgentGrain.TrackInvite on agent x
/// fail", or "the next write of the chat's state fails". Shared by the silos of one cluster.
/// </summary>
public sealed class FaultPlan
{
    private readonly ConcurrentDictionary<string, int> _armed = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _spent = new();

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> on grain <paramref name="grainKey"/> throw.</summary>
    public void FailCalls(string method, string grainKey, int times = 1) => Arm($"call:{method}:{grainKey}", times);

    /// <summary>The next <paramref name="times"/> writes of state <paramref name="stateName"/> of grain <paramref name="grainKey"/> throw.</summary>
    public void FailWrites(string stateName, string grainKey, int times = 1) => Arm($"write:{stateName}:{grainKey}", times);

    /// <summary>
    /// Completes once the writes armed by <see cref="FailWrites"/> have all failed: for a fault
    /// that fires inside a one-way call, which the test cannot await.
    /// </summary>
    public Task WritesFailed(string stateName, string grainKey) => Spent($"write:{stateName}:{grainKey}");

    /// <summary>Completes once the calls armed by <see cref="FailCalls"/> have all failed (a one-way call's, say).</summary>
    public Task CallsFailed(string method, string grainKey) => Spent($"call:{method}:{grainKey}");

    private Task Spent(string key) => _spent.TryGetValue(key, out var spent) ? spent.Task
        : throw new InvalidOperationException($"Nothing was armed to fail as {key}.");

    public void Clear() => _armed.Clear();

    internal bool ShouldFailCall(string method, string grainKey) => Take($"call:{method}:{grainKey}");

    internal bool ShouldFailWrite(string stateName, string grainKey) => Take($"write:{stateName}:{grainKey}");

    private void Arm(string key, int times)
    {
        _spent[key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _armed[key] = times;
    }

    private bool Take(string key)
    {
        while (_armed.TryGetValue(key, out var left) && left > 0)
        {
            if (!_armed.TryUpdate(key, left - 1, left)) continue;
            if (left == 1 && _spent.TryGetValue(key, out var spent)) spent.TrySetResult();
            return true;
        }
        return false;
    }
}

/// <summary>What an armed fault throws: recognisable in assertions, never mistaken for a rule refusal.</summary>
[GenerateSerializer, Alias("LiveChat.Testing.InjectedFaultException")]
public sealed class InjectedFaultException(string message) : Exception(message);
