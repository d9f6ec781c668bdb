namespace LiveChat.Gateway.Realtime;

/// <summary>How the push bridge keeps its grain subscriptions alive (configuration section "Gateway:Push").</summary>
public sealed class PushOptions
{
    public const string Section = "Gateway:Push";

    /// <summary>Grain observers are transient: every subscription is renewed this often.</summary>
    public TimeSpan RenewEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After the cluster connection drops or recovers, subscriptions are renewed every second for this long.</summary>
    public TimeSpan RefreshWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one renewal may wait for its grain. A call sent to a silo that just died waits for
    /// Orleans' response timeout (30 s); renewals run side by side and give up after this, so one
    /// such call never holds back the others, and the next round tries again.
    /// </summary>
    public TimeSpan SubscribeTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
