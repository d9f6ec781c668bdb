namespace LiveChat.Gateway.Tests;

using Api = LiveChat.Client;

/// <summary>Transfer with accept (T1-T9) over real HTTP and the hub, as the consoles drive it.</summary>
public sealed class TransferOfferFlowTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task T5_T6_an_offer_is_pushed_declined_with_who_and_when_then_accepted_and_the_end_user_reads_only_the_new_name()
    {
        using var alice = await gateway.SignIn("alice");
        using var bob = await gateway.SignIn("bob");
        using var carol = await gateway.SignIn("carol");
        var endUser = await gateway.StartChat("billing");
        await using var aliceConsole = await gateway.ConnectHub(alice.Token);
        await using var bobConsole = await gateway.ConnectHub(bob.Token);
        await using var carolConsole = await gateway.ConnectHub(carol.Token);
        await using var endUserConsole = await gateway.ConnectHub(endUser.Api.Token);
        var chat = $"/api/chats/{endUser.ChatId}";
        await Problems.EnsureSuccess(await alice.Post($"{chat}/accept"));
        await aliceConsole.Hub.WatchChat(endUser.ChatId);
        // Read, not awaited as a push: the hub subscribes a connection just after its handshake, so a push this early may precede it.
        var joinedSeq = (await endUser.Api.GetJson<JsonElement>("/api/enduser/chat/transcript?after=0")).GetProperty("entries").EnumerateArray()
            .Last(e => e.GetProperty("kind").GetString() == "Joined").GetProperty("seq").GetInt64();

        // T1: only the assignee offers; the refusal is a problem with its rule id.
        await Problems.Assert(await bob.Post($"{chat}/offers", new { toAgentId = "carol", senderStays = false }), 403, "T1");
        // Agents tell their queue one-way when they come online: the search finds carol once the queue has her card (bounded wait).
        var until = DateTime.UtcNow.AddSeconds(10);
        JsonElement hits;
        while ((hits = await alice.GetJson<JsonElement>($"{chat}/offer-receivers?q=chen")).GetArrayLength() == 0 && DateTime.UtcNow < until) await Task.Delay(50);
        Assert.Equal("carol", Assert.Single(hits.EnumerateArray()).GetProperty("agentId").GetString());

        // Declined: the chat stays with alice, who is pushed who declined and when.
        var first = await alice.PostJson<JsonElement>($"{chat}/offers", new { toAgentId = "carol", senderStays = true });
        var firstId = first.GetProperty("inviteId").GetString()!;
        var offered = await carolConsole.AgentEvents.WaitFor(e => e.Kind == Api.AgentEventKind.InviteReceived && e.Invite?.InviteId == firstId);
        Assert.Equal("TransferOffer", first.GetProperty("kind").GetString());
        var listed = await carol.GetJson<JsonElement>("/api/me/invites");
        Assert.Contains(listed.EnumerateArray(), i => i.GetProperty("inviteId").GetString() == firstId && i.GetProperty("kind").GetString() == "TransferOffer");
        // T3: one offer at a time.
        await Problems.Assert(await alice.Post($"{chat}/offers", new { toAgentId = "bob", senderStays = false }), 409, "T3");
        await Problems.Assert(await bob.Post($"{chat}/offers/{firstId}/accept"), 403, "T5");
        await Problems.EnsureSuccess(await carol.Post($"{chat}/offers/{firstId}/decline"));
        var declined = await aliceConsole.AgentEvents.WaitFor(e => e.Kind == Api.AgentEventKind.SentOfferDeclined && e.Invite?.InviteId == firstId);
        Assert.Equal("carol", declined.Invite!.History.Last().ActorId);
        var declineStep = await aliceConsole.ChatEvents.WaitFor(e => e.Entry.Seq == declined.Seq);
        Assert.Equal(Api.EntryKind.InviteStep, declineStep.Entry.Kind);
        await carolConsole.AgentEvents.WaitFor(e => e.Kind == Api.AgentEventKind.InviteClosed && e.Invite?.InviteId == firstId);

        // Accepted: bob owns the chat, alice leaves it, the end user reads one line.
        var offer = await alice.PostJson<JsonElement>($"{chat}/offers", new { toAgentId = "bob", senderStays = false });
        var offerId = offer.GetProperty("inviteId").GetString()!;
        await bobConsole.AgentEvents.WaitFor(e => e.Kind == Api.AgentEventKind.InviteReceived && e.Invite?.InviteId == offerId);
        var accepted = await bob.PostJson<JsonElement>($"{chat}/offers/{offerId}/accept");
        Assert.Equal("Accepted", accepted.GetProperty("status").GetString());
        await bobConsole.AgentEvents.WaitFor(e => e.Kind == Api.AgentEventKind.ChatAssigned && e.ChatId == endUser.ChatId);
        var acceptedPush = await aliceConsole.AgentEvents.WaitFor(e => e.Kind == Api.AgentEventKind.SentOfferAccepted && e.Invite?.InviteId == offerId);
        Assert.NotNull(acceptedPush.Seq);
        var handover = await endUserConsole.ChatEvents.WaitFor(e => e.Entry.Text.StartsWith("You're now chatting with"));
        Assert.Equal("You're now chatting with Bob Baker.", handover.Entry.Text);
        // Pushed in order: everything the end user received since the first agent joined is that one line.
        Assert.Equal([handover.Entry.Seq], endUserConsole.ChatEvents.Received.Where(e => e.Entry.Seq > joinedSeq).Select(e => e.Entry.Seq));
        var transcript = await endUser.Api.GetJson<JsonElement>($"/api/enduser/chat/transcript?after={joinedSeq}");
        Assert.Equal("You're now chatting with Bob Baker.", Assert.Single(transcript.GetProperty("entries").EnumerateArray()).GetProperty("text").GetString());
        await Problems.Assert(await alice.Get(chat), 403, "A11");
        await Problems.Assert(await bob.Post($"{chat}/offers/{offerId}/cancel"), 403, "T7");
    }
}
