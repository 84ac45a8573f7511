using System.IO.Compression;

namespace ResNetTab.Data;

/// <summary>Opens inputs for reading, decompressing gzip found by extension (<c>.gz</c>) or by its magic bytes (1F 8B).</summary>
internal static class InputStreams
{
    private const int BufferSize = 1 << 16;

    /// <summary>Opens a file for sequential reading, decompressing it when it is gzip.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Stream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Input file not found: {path}", path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize,
            FileOptions.SequentialScan | FileOptions.Asynchronous);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return new GZipStream(file, CompressionMode.Decompress);
        return DecompressIfGzip(file);
    }

    /// <summary>
    /// Returns a stream yielding the decompressed content when <paramref name="stream"/> starts with the
    /// gzip magic bytes, otherwise a stream with the same content. Works on non-seekable streams.
    /// </summary>
    public static Stream DecompressIfGzip(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = new byte[2];
        var n = 0;
        try
        {
            while (n < 2)
            {
                var r = stream.Read(head, n, 2 - n);
                if (r == 0) break;
                n += r;
            }
        }
        catch (InvalidDataException ex)
        {
            // Already a decompressing stream over damaged data: the reader meets the error on its first read.
            return new FaultedStream(ex, stream);
        }
        Stream replay;
        if (stream.CanSeek)
        {
            stream.Seek(-n, SeekOrigin.Current);
            replay = stream;
        }
        else
        {
            replay = new PrefixedStream(head.AsMemory(0, n), stream);
        }
        return n == 2 && head[0] == 0x1F && head[1] == 0x8B ? new GZipStream(replay, CompressionMode.Decompress) : replay;
    }

    /// <summary>A stream whose reads fail with the error met while probing it (so readers report it where they read).</summary>
    private sealed class FaultedStream(InvalidDataException error, Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidDataException(error.Message, error);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Replays a few already-read bytes, then continues with the inner stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty) return inner.Read(buffer);
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_prefix.IsEmpty) return inner.ReadAsync(buffer, cancellationToken);
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
