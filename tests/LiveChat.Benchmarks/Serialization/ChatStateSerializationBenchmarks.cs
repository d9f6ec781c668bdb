namespace LiveChat.Benchmarks.Serialization;

using BenchmarkDotNet.Attributes;
using LiveChat.Grains.Chat;
using Orleans.Storage;

/// <summary>
/// What every durable chat write pays before storage sees it: the chat state serialized the way
/// grain storage serializes it. The transcript tail is the only part that grows between writes,
/// so its length is the parameter.
/// </summary>
[MemoryDiagnoser]
[PayloadColumn]
public class ChatStateSerializationBenchmarks
{
    private IGrainStorageSerializer _serializer = null!;
    private ChatState _emptyTail = null!;
    private ChatState _withTail = null!;

    /// <summary>
    /// 1 right after a page was sealed; 15 the longest tail of a chat started now (page size 16);
    /// 32 and 63 a legacy chat (page size 64) in mid-page and right before its next page is sealed.
    /// </summary>
    [Params(1, 15, 32, 63)]
    public int Tail { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _serializer = StorageSerializer.Create();
        _emptyTail = ChatStates.Active(tail: 0);
        _withTail = ChatStates.Active(Tail);
    }

    /// <summary>
    /// Baseline: the same chat with an empty tail, i.e. the fixed part of every write (members,
    /// invites, headers). The ratio is what the tail adds; it stays bounded because the tail does.
    /// </summary>
    [Benchmark(Baseline = true)]
    public BinaryData EmptyTail() => _serializer.Serialize(_emptyTail);

    [Benchmark]
    public BinaryData WithTail() => _serializer.Serialize(_withTail);
}
