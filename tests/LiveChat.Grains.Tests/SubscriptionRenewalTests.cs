namespace LiveChat.Grains.Tests;

/// <summary>
/// Observers are transient, and a grain that wakes up again (on another silo after a crash, or
/// after going idle) has none: what it pushes before the gateway's next renewal reaches no one. A
/// renewal therefore says whether the grain still had the subscription, so the gateway tells its
/// watchers to read again only when something may have been missed.
/// </summary>
public sealed class SubscriptionRenewalTests(LiveChatCluster cluster) : GrainTestBase(cluster)
{
    [Fact]
    public async Task Realtime_a_chat_that_woke_up_again_says_the_subscription_was_lost_and_a_chat_that_kept_it_says_not()
    {
        var (_, chatId, assignee, _) = await ChatWithColleague();
        var chat = Chat(chatId);
        var recorder = new EventRecorder();
        var observer = Client.CreateObjectReference<IChatObserver>(recorder);

        Assert.True(await chat.RenewSubscription(observer)); // never subscribed
        Assert.False(await chat.RenewSubscription(observer));
        await chat.PostAgentMessage(assignee, "pushed");
        await recorder.WaitFor<ChatEvent>(e => e.Entry.Text == "pushed");

        // The chat wakes up again for a message: it pushes to no one, and the renewal says so once.
        await Client.Deactivate(chat);
        await chat.PostAgentMessage(assignee, "missed");
        Assert.True(await chat.RenewSubscription(observer));
        Assert.False(await chat.RenewSubscription(observer));
        await chat.PostAgentMessage(assignee, "pushed again");
        await recorder.WaitFor<ChatEvent>(e => e.Entry.Text == "pushed again");
        Assert.DoesNotContain(recorder.ChatEvents, e => e.Entry.Text == "missed");

        // An unsubscribed observer has lost it too.
        await chat.Unsubscribe(observer);
        Assert.True(await chat.RenewSubscription(observer));
    }

    [Fact]
    public async Task Realtime_an_agent_that_woke_up_again_says_the_subscription_was_lost()
    {
        var queue = await Directory.Queue();
        var agentId = await Directory.Agent(queue, "Rene", "Renewal");
        var agent = Agent(agentId);
        var observer = Client.CreateObjectReference<IAgentObserver>(new EventRecorder());

        Assert.True(await agent.RenewSubscription(observer));
        Assert.False(await agent.RenewSubscription(observer));
        await Client.Deactivate(agent);
        Assert.True(await agent.RenewSubscription(observer));
        Assert.False(await agent.RenewSubscription(observer));
    }

    [Fact]
    public async Task Realtime_a_queue_that_woke_up_again_says_so_for_its_waiting_list_and_pushes_its_figures_at_once()
    {
        var queueId = await Directory.Queue();
        var queue = Queue(queueId);
        var waiting = Client.CreateObjectReference<IQueueWaitingObserver>(new EventRecorder());
        Assert.True(await queue.RenewWaitingSubscription(waiting));
        Assert.False(await queue.RenewWaitingSubscription(waiting));

        var kept = new EventRecorder();
        var keptObserver = Client.CreateObjectReference<IQueueObserver>(kept);
        await queue.Subscribe(keptObserver);
        Assert.False(await queue.RenewSubscription(keptObserver));
        Assert.Empty(kept.QueueFigures);

        await Client.Deactivate(queue);
        Assert.True(await queue.RenewWaitingSubscription(waiting));
        // Figures are a state: a renewal that finds the subscription lost brings the current ones.
        Assert.True(await queue.RenewSubscription(keptObserver));
        var figures = await kept.WaitFor<QueueFigures>(f => f.QueueId == queueId);
        Assert.Equal((await queue.GetFigures()).WaitingChats, figures.WaitingChats);
    }
}
