namespace LiveChat.Grains.Agent;

using LiveChat.Grains.Common;

/// <summary>The email → agent id lookup behind a provider's "email" claim (see <see cref="IAgentEmailGrain"/>).</summary>
public sealed class AgentEmailGrain(
    [PersistentState("agentEmail", StorageNames.LiveChat)] IPersistentState<AgentEmailState> lookup) : Grain, IAgentEmailGrain
{
    public Task<string?> Find() => Task.FromResult(lookup.State.AgentId);

    public async Task Claim(string agentId)
    {
        if (lookup.State.AgentId == agentId) return;
        lookup.State.AgentId = agentId;
        await lookup.WriteStateAsync();
    }

    public async Task Release(string agentId)
    {
        if (lookup.State.AgentId != agentId) return;
        lookup.State.AgentId = null;
        await lookup.WriteStateAsync();
    }
}

[GenerateSerializer, Alias("LiveChat.AgentEmailState")]
public sealed class AgentEmailState
{
    [Id(0)] public string? AgentId { get; set; }
}
