namespace LiveChat.Gateway.Security.Tests;

using System.Net.Sockets;

/// <summary>
/// One HTTP/1.1 request over a bare socket, its body written by the test piece by piece: shows
/// what the server answers while a body is still arriving (HttpClient would hide that).
/// </summary>
public sealed class RawHttp : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly Task<string> _response;

    private RawHttp(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _response = ReadResponse();
    }

    public long BodyBytesSent { get; private set; }

    public static async Task<RawHttp> Start(Uri baseAddress, string method, string path, string token, long? contentLength,
        string contentType = "application/json", string? idempotencyKey = null)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var raw = new RawHttp(tcp);
        var length = contentLength is { } n ? $"Content-Length: {n}\r\n" : "Transfer-Encoding: chunked\r\n";
        var head = $"{method} {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n" +
                   $"Content-Type: {contentType}\r\n{length}" +
                   (idempotencyKey is null ? "" : $"{IdempotencyKeys.Header}: {idempotencyKey}\r\n") + "\r\n";
        await raw._stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        return raw;
    }

    /// <summary>Writes body bytes (in a chunk when the length was not declared); false once the server closed the connection.</summary>
    public async Task<bool> Write(byte[] bytes, bool chunked)
    {
        try
        {
            if (chunked) await _stream.WriteAsync(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"));
            await _stream.WriteAsync(bytes);
            if (chunked) await _stream.WriteAsync("\r\n"u8.ToArray());
            BodyBytesSent += bytes.Length;
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The response (status line, headers, body) once the server sent it, or null if it has not within <paramref name="timeout"/>.</summary>
    public async Task<string?> Response(TimeSpan timeout)
    {
        var done = await Task.WhenAny(_response, Task.Delay(timeout));
        return done == _response ? await _response : null;
    }

    private async Task<string> ReadResponse()
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer);
                if (read == 0) break;
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                var all = text.ToString();
                var end = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end < 0) continue;
                // The whole answer: headers and a Content-Length body, or a chunked body's last chunk.
                var match = System.Text.RegularExpressions.Regex.Match(all[..end], @"Content-Length: (\d+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
                if (match.Success && all.Length - end - 4 >= int.Parse(match.Groups[1].Value)) break;
                if (!match.Success && all.EndsWith("0\r\n\r\n", StringComparison.Ordinal)) break;
            }
        }
        catch (IOException)
        {
            // The server closed the connection after answering.
        }
        return text.ToString();
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
