namespace LiveChat.Grains.Queue;

using LiveChat.Grains.Common;
using Orleans.Utilities;

// Live queues (Q1-Q3). Agents' consoles follow the waiting list by pushes instead of polling: each
// change of the list is pushed with its number, the chat that changed and the number waiting, and
// with the first QueueWaitingView.HeadSize chats only when the change touched them; so a push costs
// the same with 10 or 100,000 waiting. Who may receive a push is decided per console by the
// subscriber (the gateway) with the same check as the read (QueueAccess). The dashboard's figures
// name the first active chats by the cards their chats send (Q3).
public sealed partial class SupportQueueGrain
{
    private readonly ObserverManager<IQueueWaitingObserver> _waitingObservers;
    // Change numbers count from 0 in each activation; the epoch tells activations apart, so a console
    // that saw another one reads the list again instead of trusting numbers that started over.
    private readonly string _waitingEpoch = Guid.NewGuid().ToString("N")[..16];
    private long _waitingSeq;

    public async Task<QueueWaitingView> ReadWaitingView(string agentId)
    {
        await EnsureMayRead(agentId);
        return new QueueWaitingView(QueueId, _waitingEpoch, _waitingSeq, _waiting.Count, WaitingHead());
    }

    public Task SubscribeWaiting(IQueueWaitingObserver observer)
    {
        _waitingObservers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task<bool> RenewWaitingSubscription(IQueueWaitingObserver observer) => Task.FromResult(_waitingObservers.Renew(observer));

    public Task UnsubscribeWaiting(IQueueWaitingObserver observer)
    {
        _waitingObservers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>Adds a chat to the waiting list and pushes the change.</summary>
    private async Task AddWaiting(QueuedChat chat)
    {
        await _waiting.Add(chat);
        PublishWaiting(WaitingChange.Arrived, chat.ChatId, headChanged: InWaitingHead(chat.ChatId));
    }

    /// <summary>Takes a chat off the waiting list and pushes the change; false (and no push) when it was not waiting.</summary>
    private async Task<bool> RemoveWaiting(string chatId)
    {
        var inHead = InWaitingHead(chatId);
        if (!await _waiting.Remove(chatId)) return false;
        PublishWaiting(WaitingChange.Left, chatId, headChanged: inHead);
        return true;
    }

    /// <summary>Whether the chat is among the first waiting chats a console shows (a look at HeadSize entries at most).</summary>
    private bool InWaitingHead(string chatId) =>
        _waiting.Contains(chatId) && _waiting.Page(0, QueueWaitingView.HeadSize).Exists(w => w.ChatId == chatId);

    private List<WaitingChat> WaitingHead()
    {
        var now = _clock.Now;
        return _waiting.Page(0, QueueWaitingView.HeadSize).Select(w => new WaitingChat(w.ChatId, w.Since, now - w.Since, w.EndUserName, w.Preview, w.Offline)).ToList();
    }

    /// <summary>Numbers the change (also when nobody listens: numbers follow the list, not the audience) and pushes it.</summary>
    private void PublishWaiting(WaitingChange change, string chatId, bool headChanged)
    {
        _waitingSeq++;
        if (_waitingObservers.Count == 0) return;
        var waiting = new QueueWaitingEvent(QueueId, _waitingEpoch, _waitingSeq, change, chatId, _waiting.Count, headChanged ? WaitingHead() : null);
        _waitingObservers.Notify(o => o.OnQueueWaiting(waiting));
    }

    // Q3: the dashboard's cards -----------------------------------------------------------------

    public Task ChatCardChanged(ActiveChatCard card) => Change(async () =>
    {
        // A card for a chat not active here (it arrived before the chat's ChatActive, or after it
        // left) is dropped: the chat sends its card again right after telling the queue it is active.
        if (card.QueueId != QueueId || _active.Find(card.ChatId) is not { } entry) return;
        if (entry.Card is { } known && (known.Seq > card.Seq || known.Shows(card))) return;
        await _active.Replace(entry with { Card = card, EndUserName = card.CustomerName });
    });

    /// <summary>The first active chats (in the order they became active), named by their cards.</summary>
    private List<ActiveChatCard> ActiveChatCards() =>
        _active.Page(0, QueueFigures.MaxActiveChatCards).Select(CardOf).ToList();

    private ActiveChatCard CardOf(QueuedChat entry)
    {
        if (entry.Card is not { } card)
            return new ActiveChatCard(entry.ChatId, QueueId, entry.EndUserName ?? "", null, null, [], [], entry.Since, 0);
        // How long the customer waited: from the start of its wait until the chat became active here.
        var waited = entry.Since - card.WaitingSince;
        return card with { Waited = waited < TimeSpan.Zero ? TimeSpan.Zero : waited };
    }

    /// <summary>The queue's agents with more assigned chats than their capacity, online or not (at most MaxActiveChatCards).</summary>
    private List<AgentLoad> AgentsOverCapacity() => _agents.Values
        .Where(a => a.IsMember && a.Load > a.Capacity)
        .OrderBy(a => a.Profile.LastName).ThenBy(a => a.AgentId)
        .Take(QueueFigures.MaxActiveChatCards)
        .Select(a => new AgentLoad(a.AgentId, a.Profile.FullName, a.Presence, a.Load, a.Capacity))
        .ToList();
}
