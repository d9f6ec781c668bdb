namespace LiveChat.Gateway.Tests.Resilience;

using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

/// <summary>
/// Embedded mode bounds the gateway's grain calls to Gateway:Cluster:ResponseTimeout
/// (GatewayCallTimeoutFilter): a grain that does not answer makes the route answer a 503 problem
/// (rule "Unavailable", Retry-After) within about that timeout, not after Orleans' 30 s default.
/// The grain is held by a test-only incoming call filter added through the kit's TestServices.
/// </summary>
public sealed class GatewayCallTimeoutTests : IAsyncLifetime
{
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(1);
    private readonly StallingCallFilter _stall = new("stalled-");
    private readonly GatewayFactory _gateway;

    public GatewayCallTimeoutTests()
    {
        _gateway = new GatewayFactory { TestServices = services => services.AddSingleton<IIncomingGrainCallFilter>(_stall) };
        _gateway.Settings["Gateway:Cluster:ResponseTimeout"] = ResponseTimeout.ToString("c");
    }

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public async Task DisposeAsync()
    {
        _stall.Release();
        await ((IAsyncLifetime)_gateway).DisposeAsync();
    }

    [Fact]
    public async Task Unavailable_a_grain_that_does_not_answer_makes_the_route_answer_503_within_about_the_timeout()
    {
        using var alice = await _gateway.SignIn("alice");
        var clock = Stopwatch.StartNew();
        var response = await alice.Get($"/api/chats/stalled-{Guid.NewGuid():N}");
        clock.Stop();

        Assert.True(_stall.Held > 0, "The test filter never held the call: the route did not reach the stalled grain.");
        var problem = await Problems.Assert(response, 503, "Unavailable");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        // At least the timeout (it did wait), and well under Orleans' 30 s default (the filter cut it).
        Assert.True(clock.Elapsed >= ResponseTimeout * 0.9, $"Answered after {clock.Elapsed}, before the timeout: the call was not held.");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Answered after {clock.Elapsed}: the {ResponseTimeout} timeout did not bound the call.");

        // Other grains still answer at once.
        await Problems.EnsureSuccess(await alice.Get("/api/me"));
    }

    /// <summary>Holds every call to a grain whose key starts with the prefix until released (test code only, never in src).</summary>
    private sealed class StallingCallFilter(string keyPrefix) : IIncomingGrainCallFilter
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _held;

        public int Held => Volatile.Read(ref _held);

        public void Release() => _released.TrySetResult();

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.TargetId.Key.ToString()?.StartsWith(keyPrefix, StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref _held);
                await _released.Task;
            }
            await context.Invoke();
        }
    }
}
