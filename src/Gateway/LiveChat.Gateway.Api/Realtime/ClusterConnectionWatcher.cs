namespace LiveChat.Gateway.Realtime;

/// <summary>
/// In client mode, tells the push bridge when the connection to the cluster drops, loses a silo,
/// or recovers after a loss. Orleans also reports the first connection at start as a recovery
/// (from no gateway to one): that is no outage, since nothing was subscribed yet, so it is not
/// passed on and a gateway does not start inside its refresh window.
/// </summary>
internal sealed class ClusterConnectionWatcher(GrainEventBridge bridge) : IClusterConnectionStatusObserver
{
    private volatile bool _everConnected;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        var firstConnection = connectionRecovered && !_everConnected;
        if (currentNumberOfGateways > 0) _everConnected = true;
        if (firstConnection) return;
        if (connectionRecovered || currentNumberOfGateways < previousNumberOfGateways) bridge.ConnectionChanged();
    }

    public void NotifyClusterConnectionLost() => bridge.ConnectionChanged();
}
