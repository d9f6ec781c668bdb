namespace LiveChat.Benchmarks.Serialization;

using BenchmarkDotNet.Attributes;

/// <summary>Adds <see cref="SerializedSizeColumn"/> to a benchmark class's table.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PayloadColumnAttribute() : ColumnConfigBaseAttribute(new SerializedSizeColumn());
