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

    private const string DirectoryDrops =
        "[  12.80s out] 19:29:08.500 info: Orleans.Runtime.GrainDirectory.LocalGrainDirectory[100514] LocalGrainDirectory is " +
        "deactivating 3 activations because silo S127.0.0.1:33053:155244530 entered status ShuttingDown and was the primary " +
        "directory partition for these grain ids.";

    private const string CancelledLifecycle =
        "[  12.88s out] 19:29:08.597 fail: Orleans.Grain[850300803] Error starting lifecycle for activation '[Activation: " +
        "S127.0.0.1:40575:155244536/transcriptpage/cluster-696ccb27-12/10@de47 Placement=ResourceOptimizedPlacement " +
        "State=Deactivating]' System.Threading.Tasks.TaskCanceledException: A task was canceled.";

    private const string CancelledActivation =
        "[  12.88s out] 19:29:08.603 fail: Orleans.Grain[100513] Error activating grain [Activation: " +
        "S127.0.0.1:40575:155244536/transcriptpage/cluster-696ccb27-12/10@de47 Placement=ResourceOptimizedPlacement " +
        "State=Deactivating] System.Threading.Tasks.TaskCanceledException: A task was canceled.";

    [Fact]
    public void An_activation_cancelled_because_another_silo_left_is_forgiven_only_after_the_directory_said_so()
    {
        Assert.Empty(SiloLogLines.Faults([DirectoryDrops, CancelledLifecycle, CancelledActivation]));
        Assert.Equal([CancelledLifecycle, CancelledActivation], SiloLogLines.Faults([CancelledLifecycle, CancelledActivation, DirectoryDrops]));
    }

    [Fact]
    public void A_failed_activation_that_was_not_cancelled_is_a_fault_even_after_the_directory_notice()
    {
        var storeFailed = CancelledActivation.Replace("System.Threading.Tasks.TaskCanceledException: A task was canceled.",
            "LiveChat.Storage.StoreException: disk full", StringComparison.Ordinal);
        var valid = CancelledLifecycle.Replace("State=Deactivating", "State=Activating", StringComparison.Ordinal);

        Assert.Equal([storeFailed, valid], SiloLogLines.Faults([DirectoryDrops, storeFailed, valid]));
    }
}
