namespace LiveChat.Benchmarks.Serialization;

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Orleans.Storage;

/// <summary>
/// The serialized size of the chat state each case writes, next to its time. Computed in the host
/// process from the same state factory and serializer as the benchmark, so nothing has to come
/// back from the benchmark process.
/// </summary>
public sealed class SerializedSizeColumn : IColumn
{
    private static readonly Lazy<IGrainStorageSerializer> Serializer = new(StorageSerializer.Create);

    public string Id => nameof(SerializedSizeColumn);
    public string ColumnName => "Payload";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Serialized size of the chat state this case writes, in bytes";

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Descriptor.Type != typeof(ChatStateSerializationBenchmarks)) return "-";
        // The baseline writes the empty tail whatever the Tail parameter of its row says.
        var tail = benchmarkCase.Descriptor.Baseline ? 0 : (int)benchmarkCase.Parameters[nameof(ChatStateSerializationBenchmarks.Tail)]!;
        return $"{Serializer.Value.Serialize(ChatStates.Active(tail)).ToMemory().Length:N0} B";
    }
}
