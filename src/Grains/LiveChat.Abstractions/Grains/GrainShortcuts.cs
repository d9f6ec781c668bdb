namespace LiveChat.Grains;

/// <summary>
/// The one way to reach a grain: <c>grains.Chat(id)</c>, <c>grains.Directory()</c>. Gateway, grains, hosts
/// and tests all call these, so a grain's key and reference live in one place; each goes through
/// <see cref="GrainReferences{TGrain}"/> (no per-call interface lookup).
/// </summary>
public static class GrainShortcuts
{
    public static IChatSessionGrain Chat(this IGrainFactory grains, string chatId) => GrainReferences<IChatSessionGrain>.Get(grains, chatId);
    public static IAgentGrain Agent(this IGrainFactory grains, string agentId) => GrainReferences<IAgentGrain>.Get(grains, agentId);
    public static ISupportQueueGrain Queue(this IGrainFactory grains, string queueId) => GrainReferences<ISupportQueueGrain>.Get(grains, queueId);
    public static IAgentEmailGrain AgentEmail(this IGrainFactory grains, string normalizedEmail) => GrainReferences<IAgentEmailGrain>.Get(grains, normalizedEmail);
    public static IDirectoryGrain Directory(this IGrainFactory grains) => GrainReferences<IDirectoryGrain>.Get(grains, IDirectoryGrain.Key);
    public static IWebhookRegistryGrain WebhookRegistry(this IGrainFactory grains) => GrainReferences<IWebhookRegistryGrain>.Get(grains, IWebhookRegistryGrain.Key);
    public static IDataProtectionGrain DataProtection(this IGrainFactory grains) => GrainReferences<IDataProtectionGrain>.Get(grains, IDataProtectionGrain.Key);
    public static IAttachmentErasureGrain AttachmentErasure(this IGrainFactory grains) => GrainReferences<IAttachmentErasureGrain>.Get(grains, IAttachmentErasureGrain.Key);
    public static IQueueRetentionGrain QueueRetention(this IGrainFactory grains, string queueId) => GrainReferences<IQueueRetentionGrain>.Get(grains, queueId);
    public static IRetentionIndexPageGrain RetentionIndexPage(this IGrainFactory grains, string pageKey) => GrainReferences<IRetentionIndexPageGrain>.Get(grains, pageKey);
    public static IEndUserChatsGrain EndUserChats(this IGrainFactory grains, string endUserKey) => GrainReferences<IEndUserChatsGrain>.Get(grains, endUserKey);
    public static IQueueReportsGrain QueueReports(this IGrainFactory grains, string queueId) => GrainReferences<IQueueReportsGrain>.Get(grains, queueId);
    public static IQueueReportDayGrain QueueReportDay(this IGrainFactory grains, string dayKey) => GrainReferences<IQueueReportDayGrain>.Get(grains, dayKey);
    public static ISatisfactionStatsGrain SatisfactionStats(this IGrainFactory grains, string queueId) => GrainReferences<ISatisfactionStatsGrain>.Get(grains, queueId);
}
