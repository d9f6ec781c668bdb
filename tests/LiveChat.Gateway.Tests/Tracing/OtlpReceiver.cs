namespace LiveChat.Gateway.Tests.Tracing;

using System.Net;
using LiveChat.Testing.Processes;

/// <summary>
/// A stand-in OpenTelemetry collector: OTLP over HTTP (protobuf) on a free loopback port. It only
/// counts the non-empty trace exports it receives (POST /v1/traces) and answers 200, which is
/// enough to prove the exporter path; the spans themselves are checked in-process.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _traceExports;

    public OtlpReceiver()
    {
        Endpoint = $"http://127.0.0.1:{FreePorts.One()}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The value for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces).</summary>
    public string Endpoint { get; }

    public int TraceExports => Volatile.Read(ref _traceExports);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.HttpMethod == "POST" && context.Request.Url?.AbsolutePath == "/v1/traces" && body.Length > 0
                && context.Request.ContentType == "application/x-protobuf")
                Interlocked.Increment(ref _traceExports);
            // An empty ExportTraceServiceResponse: all accepted.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
