namespace LiveChat.Gateway.Endpoints;

internal static class GrainShortcuts
{
    public static IChatSessionGrain Chat(this IGrainFactory grains, string chatId) => GrainReferences<IChatSessionGrain>.Get(grains, chatId);
    public static IAgentGrain Agent(this IGrainFactory grains, string agentId) => GrainReferences<IAgentGrain>.Get(grains, agentId);
    public static ISupportQueueGrain Queue(this IGrainFactory grains, string queueId) => GrainReferences<ISupportQueueGrain>.Get(grains, queueId);

    /// <summary>Unknown is a 404 with the rule of the call that looked.</summary>
    public static T Found<T>(this T? value, string rule, string what) where T : class =>
        value ?? throw new RuleViolationException(rule, RefusalKind.NotFound, $"There is no {what}.");
}
