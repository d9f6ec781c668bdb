namespace LiveChat.Grains.Queue;

// C5: the queue shows its satisfaction figures with its live figures. They are counted by the
// queue's ISatisfactionStatsGrain, which tells the queue after each rating; the queue reads them
// once when it activates.
public sealed partial class SupportQueueGrain
{
    private SatisfactionFigures? _satisfaction;

    private async Task LoadSatisfaction()
    {
        try
        {
            _satisfaction = await GrainFactory.SatisfactionStats(QueueId).GetFigures();
        }
        catch (Exception error)
        {
            // The dashboard shows none until the next rating arrives; the queue works on.
            _logger.LogWarning(error, "Queue {QueueId} could not read its satisfaction figures", QueueId);
        }
    }

    public Task SatisfactionChanged(SatisfactionFigures figures)
    {
        _satisfaction = figures;
        PublishFigures();
        return Task.CompletedTask;
    }
}
