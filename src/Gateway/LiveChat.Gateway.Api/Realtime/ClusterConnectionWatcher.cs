namespace LiveChat.Gateway.Realtime;

/// <summary>In client mode, tells the push bridge when the connection to the cluster drops or recovers.</summary>
internal sealed class ClusterConnectionWatcher(GrainEventBridge bridge) : IClusterConnectionStatusObserver
{
    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (connectionRecovered || currentNumberOfGateways < previousNumberOfGateways) bridge.ConnectionChanged();
    }

    public void NotifyClusterConnectionLost() => bridge.ConnectionChanged();
}
