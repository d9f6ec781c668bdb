namespace LiveChat.Storage.Tests;

using System.Diagnostics.CodeAnalysis;

/// <summary>An <see cref="IGrainState{T}"/> whose State is never null, like the one the runtime hands to providers.</summary>
public sealed class TestGrainState<T>(T state) : IGrainState<T>
{
    // The interface lets providers assign null; these tests never do, so reads stay free of null checks.
    [AllowNull]
    public T State { get; set; } = state;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
