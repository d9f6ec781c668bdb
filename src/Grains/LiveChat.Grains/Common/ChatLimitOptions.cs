namespace LiveChat.Grains.Common;

/// <summary>
/// Every list a chat keeps in its state has a bound, so no one in a chat can grow it (and every
/// write of it) without end. A call that would pass a bound is refused with rule id
/// <see cref="Rules.Limits"/> (409) and changes nothing.
/// </summary>
public sealed class ChatLimitOptions
{
    /// <summary>
    /// Invites over the chat's life, whatever became of them: a chat keeps every invite it sent,
    /// with its history, for the inviter to see (R10). Resending reuses the invite.
    /// </summary>
    public int MaxInvites { get; set; } = 50;

    /// <summary>Steps in one invite's history; a mode change or a resend past it is refused (closing one never is).</summary>
    public int MaxInviteSteps { get; set; } = 20;

    /// <summary>Tickets created from the chat over its life.</summary>
    public int MaxTickets { get; set; } = 20;

    /// <summary>Remote-access requests over the chat's life.</summary>
    public int MaxRemoteAccessRequests { get; set; } = 20;

    /// <summary>Articles pinned at once; unpinning makes room.</summary>
    public int MaxPinnedArticles { get; set; } = 50;

    /// <summary>Attachments in the chat, from both sides together.</summary>
    public int MaxAttachments { get; set; } = 20;

    /// <summary>Bytes of all attachments in the chat together (50 MB).</summary>
    public long MaxAttachmentBytes { get; set; } = 50L * 1024 * 1024;
}
