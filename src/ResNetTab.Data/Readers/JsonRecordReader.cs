using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ResNetTab.Data;

/// <summary>
/// Streaming reader of JSON records: JSON Lines, a top-level array, a single object, or several
/// pretty-printed objects one after another. Each record is parsed on its own, so a bad one is reported
/// (file, line, column, byte offset) and skipped without ending the read. Memory stays constant in the
/// input size: one record and one 64 KiB chunk at a time.
/// </summary>
public sealed class JsonRecordReader
{
    private const int ChunkSize = 1 << 16;
    private readonly JsonDocumentOptions _documentOptions;
    private readonly JsonReaderOptions _readerOptions;

    /// <summary>Creates a reader.</summary>
    public JsonRecordReader(RecordReaderOptions? options = null)
    {
        Options = options ?? RecordReaderOptions.Default;
        _documentOptions = new JsonDocumentOptions
        {
            AllowTrailingCommas = Options.Tolerant,
            CommentHandling = Options.Tolerant ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
            MaxDepth = Options.MaxDepth,
        };
        _readerOptions = new JsonReaderOptions
        {
            AllowTrailingCommas = _documentOptions.AllowTrailingCommas,
            CommentHandling = _documentOptions.CommentHandling,
            MaxDepth = Options.MaxDepth,
        };
    }

    /// <summary>The options in use.</summary>
    public RecordReaderOptions Options { get; }

    /// <summary>Reads the records of a file, a directory or a glob (see <see cref="InputFiles"/>); gzip is detected per file.</summary>
    public IEnumerable<JsonRecord> Read(string path, ReadSummary? summary = null)
    {
        foreach (var file in InputFiles.Expand(path))
        {
            using var stream = InputStreams.OpenRead(file);
            foreach (var r in Read(stream, file, summary)) yield return r;
        }
    }

    /// <summary>Reads the records of a stream (gzip is detected). <paramref name="sourceName"/> names it in errors.</summary>
    public IEnumerable<JsonRecord> Read(Stream stream, string sourceName, ReadSummary? summary = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        summary?.AddInput();
        var input = InputStreams.DecompressIfGzip(stream);
        var scanner = new JsonRecordScanner(Options.Layout, Options.MaxRecordBytes);
        var chunk = new byte[ChunkSize];
        long index = 0;
        var eof = false;
        while (true)
        {
            while (scanner.Completed.Count == 0 && !eof)
            {
                var n = BadInputReporter.Read(input, chunk, Options, summary, sourceName, out var failed);
                if (n == 0)
                {
                    if (!failed) scanner.Complete();
                    eof = true;
                }
                else scanner.Feed(chunk.AsSpan(0, n));
            }
            if (scanner.Completed.Count == 0) yield break;
            var parsed = Parse(scanner.Completed.Dequeue(), sourceName, index++, summary);
            if (parsed is not { } p) continue;
            using (p.Document) yield return new JsonRecord(p.Document.RootElement, p.Location);
        }
    }

    /// <summary>Reads the records of a file, a directory or a glob asynchronously (gzip is detected per file).</summary>
    public async IAsyncEnumerable<JsonRecord> ReadAsync(string path, ReadSummary? summary = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var file in InputFiles.Expand(path))
        {
            await using var stream = InputStreams.OpenRead(file);
            await foreach (var r in ReadAsync(stream, file, summary, cancellationToken)) yield return r;
        }
    }

    /// <summary>Reads the records of a stream asynchronously (gzip is detected).</summary>
    public async IAsyncEnumerable<JsonRecord> ReadAsync(Stream stream, string sourceName, ReadSummary? summary = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        summary?.AddInput();
        var input = InputStreams.DecompressIfGzip(stream);
        var scanner = new JsonRecordScanner(Options.Layout, Options.MaxRecordBytes);
        var chunk = new byte[ChunkSize];
        long index = 0;
        var eof = false;
        while (true)
        {
            while (scanner.Completed.Count == 0 && !eof)
            {
                var (n, failed) = await BadInputReporter.ReadAsync(input, chunk, Options, summary, sourceName, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    if (!failed) scanner.Complete();
                    eof = true;
                }
                else scanner.Feed(chunk.AsSpan(0, n));
            }
            if (scanner.Completed.Count == 0) yield break;
            var parsed = Parse(scanner.Completed.Dequeue(), sourceName, index++, summary);
            if (parsed is not { } p) continue;
            using (p.Document) yield return new JsonRecord(p.Document.RootElement, p.Location);
        }
    }

    /// <summary>
    /// The raw record segments of a file, unparsed, with their record index (for parsing on worker threads
    /// with <see cref="Parse"/>). Memory: one chunk plus the segments the caller keeps.
    /// </summary>
    internal IEnumerable<(RawSegment Segment, long Index)> ReadSegments(string path, ReadSummary? summary)
    {
        using var stream = InputStreams.OpenRead(path);
        summary?.AddInput();
        var input = InputStreams.DecompressIfGzip(stream);
        var scanner = new JsonRecordScanner(Options.Layout, Options.MaxRecordBytes);
        var chunk = new byte[ChunkSize];
        long index = 0;
        while (true)
        {
            var n = BadInputReporter.Read(input, chunk, Options, summary, path, out var failed);
            if (n == 0 && !failed) scanner.Complete();
            else scanner.Feed(chunk.AsSpan(0, n));
            while (scanner.Completed.Count > 0) yield return (scanner.Completed.Dequeue(), index++);
            if (n == 0) yield break;
        }
    }

    /// <summary>
    /// The raw records of a file packed into batches of <paramref name="batchSize"/> (see <see cref="SegmentBatch"/>);
    /// the caller releases each batch when done with it. Memory: one chunk plus the batches the caller keeps.
    /// </summary>
    internal IEnumerable<SegmentBatch> ReadSegmentBatches(string path, int batchSize, ReadSummary? summary)
    {
        using var stream = InputStreams.OpenRead(path);
        summary?.AddInput();
        var input = InputStreams.DecompressIfGzip(stream);
        var sink = new BatchingSink(batchSize);
        var scanner = new JsonRecordScanner(Options.Layout, Options.MaxRecordBytes) { Sink = sink };
        var chunk = new byte[ChunkSize];
        while (true)
        {
            var n = BadInputReporter.Read(input, chunk, Options, summary, path, out var failed);
            if (n == 0 && !failed) scanner.Complete();
            else scanner.Feed(chunk.AsSpan(0, n));
            while (sink.Ready.Count > 0) yield return sink.Ready.Dequeue();
            if (n != 0) continue;
            if (sink.Current.Count > 0) yield return sink.Current;
            else sink.Current.Release();
            yield break;
        }
    }

    /// <summary>Packs scanner output into batches, sealing each when full (inside the scanner's Feed).</summary>
    private sealed class BatchingSink(int batchSize) : ISegmentSink
    {
        private long _index;
        private int _bytesHint = 1 << 16;

        public SegmentBatch Current { get; private set; } = new(batchSize, 1 << 16);

        public Queue<SegmentBatch> Ready { get; } = new();

        public void Add(ReadOnlySpan<byte> data, long line, long column, long byteOffset, string? error)
        {
            Current.Add(data, line, column, byteOffset, error, _index++);
            if (!Current.IsFull) return;
            // Size the next buffer like this one, so it rarely grows.
            _bytesHint = Math.Max(_bytesHint, Current.Bytes + Current.Bytes / 8);
            Ready.Enqueue(Current);
            Current = new SegmentBatch(batchSize, _bytesHint);
        }
    }

    /// <summary>Parses one segment; a bad one is reported (and thrown under <see cref="BadRecordPolicy.Throw"/>) and gives null. Thread-safe.</summary>
    internal (JsonDocument Document, RecordLocation Location)? Parse(RawSegment seg, string source, long index, ReadSummary? summary)
    {
        var location = new RecordLocation(source, seg.Line, seg.Column, seg.ByteOffset, index);
        if (seg.Error != null)
        {
            Report(location, seg.Error, null, summary);
            return null;
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(seg.Data, _documentOptions);
        }
        catch (JsonException ex)
        {
            // The parser counts from the segment start; translate to input coordinates.
            var relLine = ex.LineNumber ?? 0;
            var relCol = ex.BytePositionInLine ?? 0;
            var at = location with
            {
                Line = seg.Line + relLine,
                Column = relLine == 0 ? seg.Column + relCol : relCol + 1,
            };
            Report(at, TrimParserMessage(ex.Message), ex, summary);
            return null;
        }
        if (Utf8StringCheck.FindInvalid(seg.Data, _readerOptions) is { } invalid)
        {
            doc.Dispose();
            var (line, column) = Utf8StringCheck.Position(seg.Data, invalid.Offset, seg.Line, seg.Column);
            Report(location with { Line = line, Column = column }, invalid.Message, null, summary);
            return null;
        }
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = doc.RootElement.ValueKind;
            doc.Dispose();
            Report(location, $"expected a JSON object, found {kind}", null, summary);
            return null;
        }
        summary?.AddRecord();
        return (doc, location);
    }

    private void Report(RecordLocation location, string message, Exception? inner, ReadSummary? summary) =>
        BadInputReporter.Record(Options, summary, new BadRecord(location, message), inner);

    private static string TrimParserMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd() : message;
    }
}
