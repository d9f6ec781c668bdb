namespace LiveChat.Grains;

using LiveChat.Grains.Admin;
using LiveChat.Grains.Chat;
using LiveChat.Grains.Webhooks;

/// <summary>
/// Shortcuts, like <see cref="GrainShortcuts"/>, to the grains that only other grains call
/// (transcript and audit pages, webhook outboxes): their interfaces live in this project.
/// </summary>
internal static class InternalGrainShortcuts
{
    public static ITranscriptPageGrain TranscriptPage(this IGrainFactory grains, string pageKey) => GrainReferences<ITranscriptPageGrain>.Get(grains, pageKey);
    public static IAuditPageGrain AuditPage(this IGrainFactory grains, string pageKey) => GrainReferences<IAuditPageGrain>.Get(grains, pageKey);
    public static IWebhookOutboxGrain WebhookOutbox(this IGrainFactory grains, string outboxKey) => GrainReferences<IWebhookOutboxGrain>.Get(grains, outboxKey);
    public static IWebhookTargets WebhookTargets(this IGrainFactory grains, string key) => GrainReferences<IWebhookTargets>.Get(grains, key);
}
