namespace LiveChat.Storage.Tests;

[GenerateSerializer]
[Alias("LiveChat.Storage.Tests.CounterState")]
public sealed class CounterState
{
    [Id(0)] public int Count { get; set; }

    [Id(1)] public string? Label { get; set; }
}

[GenerateSerializer]
[Alias("LiveChat.Storage.Tests.BlobState")]
public sealed class BlobState
{
    [Id(0)] public byte[] Data { get; set; } = [];
}
