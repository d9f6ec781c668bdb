namespace LiveChat.Grains.Common;

using Orleans.Utilities;

/// <summary>
/// A gateway's renewal of its observer (observers are transient), the same for every grain that
/// pushes: subscribe again and say whether the subscription had been lost.
/// </summary>
internal static class ObserverRenewal
{
    /// <summary>
    /// Subscribes <paramref name="observer"/> again; true when it was not subscribed to this
    /// activation (the grain woke up again, or the subscription expired), so what the grain pushed
    /// since the last renewal may have reached no one.
    /// </summary>
    public static bool Renew<TObserver>(this ObserverManager<TObserver> observers, TObserver observer) where TObserver : IAddressable
    {
        var lost = !observers.Observers.ContainsKey(observer);
        observers.Subscribe(observer, observer);
        return lost;
    }
}
