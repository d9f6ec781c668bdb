namespace LiveChat.Hosting;

using LiveChat.Errors;
using LiveChat.Grains;
using LiveChat.Model;
using Orleans.Runtime;

/// <summary>
/// Counts the chat figures of <see cref="LiveChatMetrics"/> from the calls that reach chat grains on
/// this silo: a call counts once it returned (the chat committed it); a call a rule refused counts
/// under its rule id. Every other grain call passes through untouched.
/// </summary>
internal sealed class ChatMetricsCallFilter(LiveChatMetrics metrics) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType != typeof(IChatSessionGrain))
        {
            await context.Invoke();
            return;
        }
        try
        {
            await context.Invoke();
        }
        catch (RuleViolationException refused)
        {
            metrics.CallsRefused.Add(1, new KeyValuePair<string, object?>("rule", refused.RuleId));
            throw;
        }
        Count(context.TargetId.Key.ToString()!, context.MethodName, context.Result);
    }

    private void Count(string chatId, string method, object? result)
    {
        switch (method)
        {
            case nameof(IChatSessionGrain.Start):
                metrics.ChatsStarted.Add(1);
                break;
            case nameof(IChatSessionGrain.PostAgentMessage) or nameof(IChatSessionGrain.SendCannedText):
                metrics.MessagesPosted.Add(1, new KeyValuePair<string, object?>("sender", "agent"));
                metrics.ChatSeen(chatId, active: true);
                break;
            case nameof(IChatSessionGrain.PostEndUserMessage):
                metrics.MessagesPosted.Add(1, new KeyValuePair<string, object?>("sender", "enduser"));
                break;
            case nameof(IChatSessionGrain.Invite):
                metrics.InvitesSent.Add(1);
                break;
            case nameof(IChatSessionGrain.RespondToInvite) when result is Invite invite:
                if (invite.Status == InviteStatus.Accepted) metrics.InvitesAccepted.Add(1);
                else if (invite.Status == InviteStatus.Rejected) metrics.InvitesRejected.Add(1);
                break;
            case nameof(IChatSessionGrain.End):
                Ended(chatId, "agent");
                break;
            case nameof(IChatSessionGrain.EndByEndUser):
                Ended(chatId, "enduser");
                break;
            case nameof(IChatSessionGrain.Abandon):
                Ended(chatId, "abandoned");
                break;
            case nameof(IChatSessionGrain.CheckEndUserGone) when result is true:
                Ended(chatId, "enduser-gone");
                break;
        }
        if (result is ChatSnapshot snapshot) metrics.ChatSeen(chatId, snapshot.Status == ChatStatus.Active);
    }

    private void Ended(string chatId, string reason)
    {
        metrics.ChatsEnded.Add(1, new KeyValuePair<string, object?>("reason", reason));
        metrics.ChatSeen(chatId, active: false);
    }
}
