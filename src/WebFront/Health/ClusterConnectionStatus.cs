namespace WebFront.Health;

/// <summary>
/// The Orleans client's own report of its connection to the cluster: how many gateways (silos) it is connected to.
/// Orleans calls it when a gateway connection opens or closes. Knowing it asks nothing of the cluster: no membership
/// table (Redis), no call that a silo which died a moment ago would leave waiting.
/// </summary>
internal sealed class ClusterConnectionStatus : IClusterConnectionStatusObserver
{
    private int _gateways;

    /// <summary>Gateways the client is connected to now.</summary>
    public int Gateways => Volatile.Read(ref _gateways);

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered) =>
        Volatile.Write(ref _gateways, currentNumberOfGateways);

    public void NotifyClusterConnectionLost() => Volatile.Write(ref _gateways, 0);
}
