namespace LiveChat.Gateway.Tests.Resilience;

using System.Net;
using LiveChat.Errors;
using LiveChat.Gateway.Errors;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Persistence.Redis;
using StackExchange.Redis;

/// <summary>
/// A store that fails under a grain (Redis timing out while an overloaded machine loses a silo, say)
/// is the service being unavailable, not a bug: the route answers 503 "Unavailable" with Retry-After,
/// so a console retries with its Idempotency-Key. A genuine bug still answers 500. The failures are
/// thrown by a test-only incoming call filter added through the kit's TestServices.
/// </summary>
public sealed class StoreFailureTests : IAsyncLifetime
{
    private readonly GatewayFactory _gateway = new()
    {
        TestServices = services => services.AddSingleton<IIncomingGrainCallFilter>(new ThrowingCallFilter()),
    };

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_gateway).DisposeAsync();

    [Fact]
    public async Task Unavailable_a_failing_store_under_a_grain_answers_503_with_Retry_After_and_a_bug_still_answers_500()
    {
        using var alice = await _gateway.SignIn("alice");

        var failingStore = await alice.Get($"/api/chats/{ThrowingCallFilter.StorePrefix}{Guid.NewGuid():N}");
        await Problems.Assert(failingStore, 503, "Unavailable");
        Assert.NotNull(failingStore.Headers.RetryAfter);

        // Orleans giving up on a call (a message expired before placement while a dead silo's grains moved).
        var expired = await alice.Get($"/api/chats/{ThrowingCallFilter.ExpiredPrefix}{Guid.NewGuid():N}");
        await Problems.Assert(expired, 503, "Unavailable");
        Assert.NotNull(expired.Headers.RetryAfter);

        var bug = await alice.Get($"/api/chats/{ThrowingCallFilter.BugPrefix}{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.InternalServerError, bug.StatusCode);
        await Problems.Assert(bug, 500, "Service");
    }

    [Fact]
    public void Unavailable_store_and_cluster_failures_are_told_apart_from_bugs()
    {
        Assert.True(InfrastructureFailures.IsUnavailable(new RedisStorageException("write failed", new RedisTimeoutException("timed out", CommandStatus.Sent))));
        Assert.True(InfrastructureFailures.IsUnavailable(new RedisConnectionException(ConnectionFailureType.SocketFailure, "lost")));
        Assert.True(InfrastructureFailures.IsUnavailable(new global::Azure.RequestFailedException(503, "busy")));
        Assert.True(InfrastructureFailures.IsUnavailable(new TimeoutException()));
        Assert.True(InfrastructureFailures.IsUnavailable(new Orleans.Runtime.SiloUnavailableException()));
        Assert.True(InfrastructureFailures.IsUnavailable(new OperationCanceledException("Message expired before placement could complete")));
        Assert.False(InfrastructureFailures.IsUnavailable(new InvalidOperationException("a bug")));
        Assert.False(InfrastructureFailures.IsUnavailable(new NullReferenceException()));
        Assert.False(InfrastructureFailures.IsUnavailable(new RuleViolationException("R2", RefusalKind.Invalid, "refused")));
    }

    /// <summary>Fails every call to a grain whose key has one of the prefixes (test code only, never in src).</summary>
    private sealed class ThrowingCallFilter : IIncomingGrainCallFilter
    {
        public const string StorePrefix = "failing-store-";
        public const string BugPrefix = "buggy-";
        public const string ExpiredPrefix = "expired-";

        public Task Invoke(IIncomingGrainCallContext context)
        {
            var key = context.TargetId.Key.ToString() ?? "";
            if (key.StartsWith(StorePrefix, StringComparison.Ordinal))
                throw new RedisStorageException("Failed to write grain state", new RedisTimeoutException("Timeout awaiting response", CommandStatus.Sent));
            if (key.StartsWith(BugPrefix, StringComparison.Ordinal)) throw new InvalidOperationException("A bug");
            if (key.StartsWith(ExpiredPrefix, StringComparison.Ordinal))
                throw new OperationCanceledException("Message expired before placement could complete for grain " + key);
            return context.Invoke();
        }
    }
}
