namespace LiveChat.Grains.Tests;

/// <summary>
/// Satisfaction ratings (docs/rules.md C1-C5): the chat's own end user rates its ended chat once,
/// within the window, if the queue asks; the rating is stored with the chat, shown to its agents
/// and counted per queue and per agent in the queue's figures.
/// </summary>
public sealed class SatisfactionTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    private async Task<string> AskingQueue(bool ask = true)
    {
        var queue = await Directory.Queue();
        var info = (await Queue(queue).GetInfo())!;
        await Queue(queue).Configure(info.Definition with { AskSatisfaction = ask });
        return queue;
    }

    private async Task<(string Queue, string Chat, string Alice, string EndUser)> EndedChat(bool ask = true)
    {
        var queue = await AskingQueue(ask);
        var alice = await Directory.Agent(queue, "Alice", "Archer");
        var chat = await Directory.ActiveChat(queue, alice);
        await Chat(chat).End(alice);
        return (queue, chat, alice, TestDirectory.EndUserOf(chat));
    }

    [Fact]
    public async Task C1_the_end_user_rates_its_ended_chat_and_its_agents_see_the_rating()
    {
        var (_, chat, alice, endUser) = await EndedChat();
        var view = await Chat(chat).GetEndUserView(endUser);
        Assert.True(view.SatisfactionAsked);
        Assert.Equal(Cluster.Clock.Now + SatisfactionLimits.Window, view.RateBefore);

        var rating = await Chat(chat).RateChat(endUser, 4, "  Quick   and kind  ");
        Assert.Equal(new SatisfactionRating(4, "Quick and kind", Cluster.Clock.Now), rating);
        Assert.Equal(rating, (await Chat(chat).GetSnapshot(alice)).Satisfaction);
        Assert.Equal(rating, (await Chat(chat).GetEndUserView(endUser)).Satisfaction);
        // Its agents read it in the transcript too; the end user's transcript has no such line.
        var agents = await Chat(chat).ReadTranscript(alice, 0, 500);
        var line = Assert.Single(agents.Entries, e => e.Text.Contains("rated the chat 4 of 5"));
        Assert.Equal(Visibility.Agents, line.Visibility);
        Assert.Contains("Quick and kind", line.Text);
        var own = await Chat(chat).ReadEndUserTranscript(endUser, 0, 500);
        Assert.DoesNotContain(own.Entries, e => e.Text.Contains("rated"));
    }

    [Fact]
    public async Task C1_only_the_chats_own_end_user_and_only_once_the_chat_ended()
    {
        var queue = await AskingQueue();
        var alice = await Directory.Agent(queue, "Alice", "Archer");
        var chat = await Directory.ActiveChat(queue, alice);
        var endUser = TestDirectory.EndUserOf(chat);
        await RefusedAndUnchanged(chat, alice, "C1", RefusalKind.Conflict, () => Chat(chat).RateChat(endUser, 5, null));
        Assert.False((await Chat(chat).GetEndUserView(endUser)).SatisfactionAsked);

        await Chat(chat).End(alice);
        await RefusedAndUnchanged(chat, alice, "C1", RefusalKind.Forbidden, () => Chat(chat).RateChat("enduser-of-another-chat", 5, null));
        await RefusedAndUnchanged(chat, alice, "C1", RefusalKind.Forbidden, () => Chat(chat).RateChat(alice, 5, null));
        Assert.NotNull(await Chat(chat).RateChat(endUser, 5, null));
    }

    [Fact]
    public async Task C1_a_queue_that_does_not_ask_takes_no_rating()
    {
        var (_, chat, alice, endUser) = await EndedChat(ask: false);
        Assert.False((await Chat(chat).GetEndUserView(endUser)).SatisfactionAsked);
        Assert.Null((await Chat(chat).GetEndUserView(endUser)).RateBefore);
        await RefusedAndUnchanged(chat, alice, "C1", RefusalKind.Conflict, () => Chat(chat).RateChat(endUser, 5, null));
    }

    [Fact]
    public async Task C2_a_rating_out_of_range_or_a_comment_too_long_is_refused_and_changes_nothing()
    {
        var (_, chat, alice, endUser) = await EndedChat();
        foreach (var bad in new[] { 0, 6, -1, int.MaxValue })
            await RefusedAndUnchanged(chat, alice, "C2", RefusalKind.Invalid, () => Chat(chat).RateChat(endUser, bad, null));
        await RefusedAndUnchanged(chat, alice, "C2", RefusalKind.Invalid,
            () => Chat(chat).RateChat(endUser, 3, new string('x', SatisfactionLimits.MaxCommentLength + 1)));
        // A blank comment is none; the longest comment is taken.
        var rating = await Chat(chat).RateChat(endUser, 3, new string('y', SatisfactionLimits.MaxCommentLength));
        Assert.Equal(SatisfactionLimits.MaxCommentLength, rating.Comment!.Length);
        var (_, other, _, otherUser) = await EndedChat();
        Assert.Null((await Chat(other).RateChat(otherUser, 1, "   ")).Comment);
    }

    [Fact]
    public async Task C3_a_second_rating_is_refused_and_the_first_stays()
    {
        var (_, chat, alice, endUser) = await EndedChat();
        var first = await Chat(chat).RateChat(endUser, 2, "slow");
        await RefusedAndUnchanged(chat, alice, "C3", RefusalKind.Conflict, () => Chat(chat).RateChat(endUser, 5, "changed my mind"));
        Assert.Equal(first, (await Chat(chat).GetSnapshot(alice)).Satisfaction);
    }

    [Fact]
    public async Task C3_Idempotency_a_retry_with_the_rating_key_gets_the_stored_rating_and_counts_once()
    {
        var (queue, chat, alice, endUser) = await EndedChat();
        var first = await Chat(chat).RateChat(endUser, 4, "fine", "rate-1");
        var seq = (await Chat(chat).GetSnapshot(alice)).LastSeq;
        // The answer was lost: the same key and rating again is the first result, nothing stored twice.
        Assert.Equal(first, await Chat(chat).RateChat(endUser, 4, "fine", "rate-1"));
        Assert.Equal(seq, (await Chat(chat).GetSnapshot(alice)).LastSeq);
        // The key with another rating is a conflict; another key (or none) is a second rating (C3).
        await RefusedAndUnchanged(chat, alice, IdempotencyKeys.Rule, RefusalKind.Conflict, () => Chat(chat).RateChat(endUser, 1, "fine", "rate-1"));
        await RefusedAndUnchanged(chat, alice, "C3", RefusalKind.Conflict, () => Chat(chat).RateChat(endUser, 4, "fine", "rate-2"));
        await RefusedAndUnchanged(chat, alice, "C3", RefusalKind.Conflict, () => Chat(chat).RateChat(endUser, 4, "fine"));
        Assert.Equal(1, (await Client.SatisfactionStats(queue).GetFigures()).Ratings);
    }

    [Fact]
    public async Task C4_a_rating_after_the_window_is_refused()
    {
        var (_, chat, alice, endUser) = await EndedChat();
        var (_, inTime, _, inTimeUser) = await EndedChat();
        Cluster.Clock.Advance(SatisfactionLimits.Window - TimeSpan.FromMinutes(1));
        Assert.NotNull(await Chat(inTime).RateChat(inTimeUser, 5, null));
        Cluster.Clock.Advance(TimeSpan.FromMinutes(2));
        await RefusedAndUnchanged(chat, alice, "C4", RefusalKind.Conflict, () => Chat(chat).RateChat(endUser, 5, null));
    }

    [Fact]
    public async Task C5_ratings_are_counted_per_queue_and_per_agent_in_the_queue_figures_once_each()
    {
        var queue = await AskingQueue();
        var alice = await Directory.Agent(queue, "Alice", "Archer");
        var bob = await Directory.Agent(queue, "Bob", "Baker");
        async Task Rate(string agent, int rating)
        {
            var chat = await Directory.ActiveChat(queue, agent);
            await Chat(chat).End(agent);
            await Chat(chat).RateChat(TestDirectory.EndUserOf(chat), rating, null);
        }
        await Rate(alice, 5);
        await Rate(alice, 4);
        await Rate(bob, 2);

        var figures = await FiguresWhen(queue, f => f.Satisfaction?.Ratings == 3);
        var satisfaction = figures.Satisfaction!;
        Assert.Equal(11, satisfaction.Sum);
        Assert.Equal(3.67, satisfaction.Average);
        var byAgent = satisfaction.Agents.ToDictionary(a => a.AgentId);
        Assert.Equal((2, 9L, 4.5), (byAgent[alice].Ratings, byAgent[alice].Sum, byAgent[alice].Average!.Value));
        Assert.Equal("Alice Archer", byAgent[alice].Name);
        Assert.Equal((1, 2L), (byAgent[bob].Ratings, byAgent[bob].Sum));

        // A chat that reports again (a retry after a failure) is counted once.
        var stats = Client.SatisfactionStats(queue);
        var chatId = TestDirectory.NewId("chat");
        await stats.Record(chatId, alice, "Alice Archer", 1);
        await stats.Record(chatId, alice, "Alice Archer", 1);
        Assert.Equal(4, (await FiguresWhen(queue, f => f.Satisfaction?.Ratings == 4)).Satisfaction!.Ratings);
        Assert.Equal(4, (await stats.GetFigures()).Ratings);
    }

    [Fact]
    public async Task C1_an_end_user_who_has_gone_is_not_asked()
    {
        var queue = await AskingQueue();
        var chat = await Directory.WaitingChat(queue);
        Cluster.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True(await Chat(chat).CheckEndUserGone());
        var endUser = TestDirectory.EndUserOf(chat);
        Assert.False((await Chat(chat).GetEndUserView(endUser)).SatisfactionAsked);
        await Refused("C1", RefusalKind.Conflict, () => Chat(chat).RateChat(endUser, 5, null));
    }
}
