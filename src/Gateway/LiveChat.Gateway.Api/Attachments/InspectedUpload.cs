namespace LiveChat.Gateway.Attachments;

using System.Text;

/// <summary>
/// An upload's bytes on their way to the store, read once: the head already read to find the
/// file's type, then the rest of the request body. It counts the bytes and fails the copy (the
/// store then keeps nothing) as soon as the file passes the size limit or, for a file taken as
/// text, as soon as a byte shows it is not UTF-8 text. Nothing is buffered beyond the head.
/// </summary>
public sealed class InspectedUpload : Stream
{
    private readonly ReadOnlyMemory<byte> _head;
    private readonly Stream _rest;
    private readonly bool _complete;
    private readonly long _maxBytes;
    private readonly TextCheck? _text;
    private int _headOffset;
    private bool _ended;

    /// <param name="head">The first bytes of the file.</param>
    /// <param name="complete">Whether <paramref name="head"/> is the whole file (then <paramref name="rest"/> is not read).</param>
    /// <param name="rest">The rest of the file (the multipart section's body).</param>
    /// <param name="text">Checks the bytes as text (the head is checked already), or null for a file identified by its signature.</param>
    public InspectedUpload(ReadOnlyMemory<byte> head, bool complete, Stream rest, long maxBytes, TextCheck? text)
    {
        _head = head;
        _complete = complete;
        _rest = rest;
        _maxBytes = maxBytes;
        _text = text;
    }

    /// <summary>Bytes passed on so far; the file's size once the store has read it all.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Why the upload was refused part-way (also thrown to the store), or null.</summary>
    public RuleViolationException? Refusal { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_headOffset < _head.Length)
        {
            var n = Math.Min(buffer.Length, _head.Length - _headOffset);
            _head.Span.Slice(_headOffset, n).CopyTo(buffer.Span);
            _headOffset += n;
            BytesRead += n;
            return n;
        }
        if (_ended || _complete) return End();
        var read = await _rest.ReadAsync(buffer, cancellationToken);
        if (read == 0) return End();
        BytesRead += read;
        if (BytesRead > _maxBytes)
            throw Refuse($"Attachments are limited to {_maxBytes / (1024 * 1024)} MB.");
        if (_text is not null && !_text.Accepts(buffer.Span[..read], flush: false))
            throw Refuse("The file's content is not a type that can be attached.");
        return read;
    }

    private int End()
    {
        if (!_ended && !_complete && _text is not null && !_text.Accepts([], flush: true))
            throw Refuse("The file's content is not a type that can be attached.");
        _ended = true;
        return 0;
    }

    private RuleViolationException Refuse(string reason) =>
        Refusal ??= new RuleViolationException(Rules.A9, RefusalKind.Invalid, reason);

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// Text known piece by piece: valid UTF-8 (a character split between two pieces is carried over)
/// and no NUL byte, as <see cref="AttachmentTypes.IsText"/> judges a whole file.
/// </summary>
public sealed class TextCheck
{
    private const int Piece = 16 * 1024;
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
    private readonly char[] _chars = new char[Piece + 4];

    public bool Accepts(ReadOnlySpan<byte> bytes, bool flush)
    {
        if (bytes.Contains((byte)0)) return false;
        try
        {
            do
            {
                var piece = bytes[..Math.Min(bytes.Length, Piece)];
                bytes = bytes[piece.Length..];
                _decoder.GetChars(piece, _chars, flush && bytes.IsEmpty);
            }
            while (!bytes.IsEmpty);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
