namespace LiveChat.Grains.Common;

/// <summary>
/// Rule ids for refusals the rules decide but do not number (docs/rules.md: the chat lifecycle, the project's own rule ids).
/// </summary>
public static class LifecycleRules
{
    /// <summary>The chat lifecycle: Waiting → Active → Ended, and who may move a chat along it.</summary>
    public const string Lifecycle = "Lifecycle";

    /// <summary>Directory data (agents, queues) must be complete and consistent.</summary>
    public const string Directory = "Directory";

    /// <summary>
    /// A queue's settings, canned text and waiting chats (customer names and first messages) are
    /// read only by the agents who work it and the supervisors who supervise it.
    /// </summary>
    public const string QueueAccess = "QueueAccess";

    /// <summary>A disabled agent makes no calls of its own and is given no chats.</summary>
    public const string Disabled = "Disabled";

    /// <summary>Only an enabled agent with the Admin role administers the directory.</summary>
    public const string Admin = "Admin";
}
