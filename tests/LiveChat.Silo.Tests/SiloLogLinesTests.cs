namespace LiveChat.Silo.Tests;

/// <summary>
/// Which captured silo lines count as faults in the restart tests: every error, except Orleans'
/// report of a request it could not route because the silo was already stopping.
/// </summary>
public sealed class SiloLogLinesTests
{
    private const string ShutdownRace =
        "[  18.06s out] 14:57:21.150 fail: Orleans.Messaging[100071] Failed to address message Request " +
        "[S127.0.0.1:41147:154537036 sys.client/d6e7]->[ chatsession/cluster-3] PostEndUserMessage " +
        "Orleans.Runtime.SiloUnavailableException: Silo 'S127.0.0.1:32913:154537024' is shutting down.";

    private const string Sigterm = "[  18.00s test] SIGTERM";

    [Fact]
    public void Errors_fails_criticals_and_stderr_lines_are_faults_and_information_is_not()
    {
        string[] lines =
        [
            "[   1.00s out] 10:00:00.000 info: Orleans.Runtime.Silo[100000] Silo started",
            "[   2.00s out] 10:00:01.000 fail: LiveChat.Silo.Storage[0] write failed",
            "[   3.00s out] 10:00:02.000 crit: Microsoft.Hosting.Lifetime[0] host crashed",
            "[   4.00s err] Unhandled exception.",
        ];

        Assert.Equal(lines[1..], SiloLogLines.Faults(lines));
    }

    [Fact]
    public void The_shutdown_routing_race_is_forgiven_only_after_SIGTERM()
    {
        Assert.Empty(SiloLogLines.Faults([Sigterm, ShutdownRace]));
        Assert.Equal([ShutdownRace], SiloLogLines.Faults([ShutdownRace, Sigterm]));
    }

    [Fact]
    public void Other_errors_after_SIGTERM_are_still_faults()
    {
        const string storageFailure = "[  18.10s out] 14:57:21.200 fail: LiveChat.Silo.Storage[0] Failed to address message: disk full";
        const string otherUnavailable = "[  18.20s out] 14:57:21.300 fail: Orleans.Messaging[100071] Failed to address message " +
            "Orleans.Runtime.SiloUnavailableException: Silo 'S127.0.0.1:1:1' is unavailable.";

        Assert.Equal([storageFailure, otherUnavailable], SiloLogLines.Faults([Sigterm, storageFailure, otherUnavailable]));
    }
}
