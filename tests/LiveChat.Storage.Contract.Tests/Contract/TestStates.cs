namespace LiveChat.Storage.Contract.Tests.Contract;

using System.Diagnostics.CodeAnalysis;

[GenerateSerializer]
[Alias("LiveChat.Storage.Contract.Tests.CounterState")]
public sealed class CounterState
{
    [Id(0)] public int Count { get; set; }

    [Id(1)] public string? Label { get; set; }
}

/// <summary>A later version of <see cref="CounterState"/>: one field more.</summary>
[GenerateSerializer]
[Alias("LiveChat.Storage.Contract.Tests.CounterStateV2")]
public sealed class CounterStateV2
{
    [Id(0)] public int Count { get; set; }

    [Id(1)] public string? Label { get; set; }

    [Id(2)] public List<string> Tags { get; set; } = ["default"];
}

/// <summary>An earlier version of <see cref="CounterState"/>: without the label.</summary>
[GenerateSerializer]
[Alias("LiveChat.Storage.Contract.Tests.CounterStateV0")]
public sealed class CounterStateV0
{
    [Id(0)] public int Count { get; set; }
}

[GenerateSerializer]
[Alias("LiveChat.Storage.Contract.Tests.BlobState")]
public sealed class BlobState
{
    [Id(0)] public byte[] Data { get; set; } = [];
}

/// <summary>An <see cref="IGrainState{T}"/> whose State is never null, like the one the runtime hands to providers.</summary>
public sealed class TestGrainState<T>(T state) : IGrainState<T>
{
    [AllowNull]
    public T State { get; set; } = state;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
