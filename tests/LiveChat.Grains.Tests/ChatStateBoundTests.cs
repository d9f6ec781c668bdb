namespace LiveChat.Grains.Tests;

using LiveChat.Grains.Chat;
using LiveChat.Grains.Common;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

/// <summary>
/// A chat's stored state is bounded: the transcript pages out, and every other list it keeps
/// (invites with their history, tickets, remote-access requests, attachments) stops at its limit
/// (<see cref="ChatLimitOptions"/>), so the state a chat rewrites on every message has a ceiling
/// however many invites, tickets and attachments the chat sees.
/// </summary>
public sealed class ChatStateBoundTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private static readonly ChatLimitOptions Defaults = new();

    /// <summary>The ceiling asserted: a chat at every limit of the defaults, with the longest invite histories, stays under it.</summary>
    private const int BudgetBytes = 80 * 1024;

    private int StoredSize(string chatId)
    {
        var silo = Cluster.Cluster.GetSiloServiceProvider(Cluster.Cluster.Silos[0].SiloAddress);
        var state = Cluster.Writes.LastWritten<ChatState>("chat", chatId) ?? throw new InvalidOperationException("The chat stored nothing yet.");
        return silo.GetRequiredService<Serializer<ChatState>>().SerializeToArray(state).Length;
    }

    [Fact]
    public async Task Limits_a_chats_state_stops_growing_at_its_limits_however_many_invites_tickets_and_attachments_it_sees()
    {
        var (_, chatId, alice, bob) = await ChatWithColleague();
        var chat = Chat(chatId);
        var empty = StoredSize(chatId);

        // Closed invites, each with the longest history the limits allow (mode changes, then cancelled).
        for (var i = 0; i < Defaults.MaxInvites; i++)
        {
            var invite = await chat.Invite(alice, bob, JoinMode.Monitor);
            var mode = JoinMode.Monitor;
            while (invite.History.Count < Defaults.MaxInviteSteps)
            {
                mode = mode == JoinMode.Monitor ? JoinMode.Participant : JoinMode.Monitor;
                invite = await chat.ChangeInviteMode(alice, invite.InviteId, mode);
            }
            await chat.CancelInvite(alice, invite.InviteId);
        }
        for (var i = 0; i < Defaults.MaxTickets; i++) await chat.CreateTicket(alice, $"Ticket {i}: the customer's printer jams on page two of every report");
        for (var i = 0; i < Defaults.MaxRemoteAccessRequests; i++) await chat.RequestRemoteAccess(alice);
        for (var i = 0; i < Defaults.MaxAttachments; i++)
            await chat.AddAgentAttachment(alice, new AttachmentInfo(Guid.NewGuid().ToString("N"), $"screenshot-{i}.png", "image/png", 1000));
        var atLimits = StoredSize(chatId);

        // Past every limit: refused (rule Limits), and the stored state stays as it was.
        await Refused(Rules.Limits, RefusalKind.Conflict, () => chat.Invite(alice, bob, JoinMode.Monitor));
        await Refused(Rules.Limits, RefusalKind.Conflict, () => chat.CreateTicket(alice, "one more"));
        await Refused(Rules.Limits, RefusalKind.Conflict, () => chat.RequestRemoteAccess(alice));
        await Refused(Rules.Limits, RefusalKind.Conflict, () => chat.AddAgentAttachment(alice, new AttachmentInfo("x", "x.png", "image/png", 10)));
        Assert.Equal(atLimits, StoredSize(chatId));

        Assert.True(atLimits > empty, "filling the lists stores more");
        Assert.True(atLimits <= BudgetBytes, $"a chat at every limit stores {atLimits:N0} bytes, over the {BudgetBytes:N0} budget");
        // Everything is still readable from the chat (R10: the inviter sees every invite's history).
        var invites = await chat.GetInvites(alice);
        Assert.Equal(Defaults.MaxInvites, invites.Count);
        Assert.All(invites, i => Assert.Equal(Defaults.MaxInviteSteps + 1, i.History.Count));
    }
}
