namespace LiveChat.Gateway.Errors;

using Orleans.Serialization;

/// <summary>
/// Which failures of a grain call mean "the service is unavailable now" (503 Unavailable with
/// Retry-After) rather than a bug (500). A grain call that fails this way changed nothing: a grain
/// reloads its stored state after a failed write, so a retry with the same Idempotency-Key is safe.
/// </summary>
/// <remarks>
/// The gateway compiles against grain interfaces, not storage providers, so a store's exceptions
/// are known by their namespace: Orleans' Redis and Azure providers (a write that timed out while
/// the machine was overloaded during a silo kill surfaced as a 500 RedisStorageException), the
/// Redis, Azure and SQLite clients. An exception type the gateway cannot load arrives as Orleans'
/// fallback, which still names the original type.
/// <para>
/// An <see cref="OperationCanceledException"/> of a request the client did not abort (ASP.NET Core's
/// exception handler middleware answers an aborted one before any handler) is Orleans giving up on
/// a call, e.g. "Message expired before placement could complete" while the directory moved a
/// killed silo's grains (a 500 in a silo-kill test under load before it was listed here).
/// </para>
/// </remarks>
public static class InfrastructureFailures
{
    private static readonly string[] Namespaces =
    [
        "Orleans.Persistence.", "Orleans.Storage.", "Orleans.Clustering.", "Orleans.Reminders.",
        "StackExchange.Redis.", "Azure.", "Microsoft.Data.Sqlite.",
    ];

    public static bool IsUnavailable(Exception exception) =>
        exception is TimeoutException or OrleansException or OperationCanceledException || Namespaces.Any(TypeName(exception).StartsWith);

    private static string TypeName(Exception exception) =>
        (exception is UnavailableExceptionFallbackException fallback ? fallback.ExceptionType : exception.GetType().FullName) ?? "";
}
