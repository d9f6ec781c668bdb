namespace LiveChat.Gateway.Tests.Tracing;

using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

/// <summary>An exporter that keeps every finished span in memory, thread-safe, for assertions.</summary>
public sealed class SpanRecorder : BaseExporter<Activity>
{
    private readonly ConcurrentQueue<Activity> _spans = new();

    public IReadOnlyList<Activity> Spans => [.. _spans];

    public override ExportResult Export(in Batch<Activity> batch)
    {
        foreach (var span in batch) _spans.Enqueue(span);
        return ExportResult.Success;
    }
}
