namespace LiveChat.Storage.Contract.Tests.Providers;

using LiveChat.Storage.Contract.Tests.Contract;
using LiveChat.Storage.Contract.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;

/// <summary>
/// The contract on Orleans' own Redis provider (Microsoft.Orleans.Persistence.Redis), registered
/// as a silo registers it and started through the silo lifecycle, against a redis-server of the
/// fixture. Each test has a service id of its own, so its keys are apart from other tests'.
/// </summary>
public abstract class RedisContractTestsBase(RedisServerFixture redis) : GrainStorageContract, IClassFixture<RedisServerFixture>
{
    private const string ProviderName = "contract";
    private readonly string _serviceId = "contract-" + Guid.NewGuid().ToString("N");

    protected override async Task<StorageUnderTest> OpenAsync()
    {
        redis.EnsureAvailable();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSerializer(builder => builder.AddAssembly(typeof(CounterState).Assembly))
            // A silo always has a default IGrainStorageSerializer, which the provider's constructor asks for
            // even when its options name one.
            .AddSingleton(ContractSerializer.Instance)
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = "contract";
                o.ServiceId = _serviceId;
            })
            .AddRedisGrainStorage(ProviderName, o =>
            {
                o.ConfigurationOptions = new ConfigurationOptions { EndPoints = { $"127.0.0.1:{redis.Port}" } };
                o.DeleteStateOnClear = DeletesOnClear;
                // The same serializer as every other provider in the contract.
                o.GrainStorageSerializer = ContractSerializer.Instance;
            })
            .BuildServiceProvider();

        var storage = services.GetRequiredKeyedService<IGrainStorage>(ProviderName);
        var lifecycle = new TestSiloLifecycle();
        ((ILifecycleParticipant<ISiloLifecycle>)storage).Participate(lifecycle);
        await lifecycle.StartAsync();
        return new StorageUnderTest(storage, async () =>
        {
            await lifecycle.StopAsync();
            await services.DisposeAsync();
        });
    }
}

/// <summary>DeleteStateOnClear = true, the setting LiveChat would deploy.</summary>
public sealed class RedisContractTests(RedisServerFixture redis) : RedisContractTestsBase(redis)
{
    protected override bool DeletesOnClear => true;
}

/// <summary>DeleteStateOnClear = false, the provider's default.</summary>
public sealed class RedisKeepOnClearContractTests(RedisServerFixture redis) : RedisContractTestsBase(redis)
{
    protected override bool DeletesOnClear => false;
}
