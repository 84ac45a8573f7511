
namespace ResNetTab.Data;

/// <summary>
/// Streams inputs (a file, a directory or a glob) through a <see cref="FeatureLayout"/> as batches, in input
/// order, carrying entity times across batches and files. JSON is split into raw records on the calling thread
/// and flattened and encoded on worker threads; CSV and Parquet are encoded record by record as they are read.
/// Batches do not span files.
/// </summary>
internal sealed class FileTransformer(FeatureLayout layout, DriftCounters drift, FlattenOptions flatten)
{
    public IEnumerable<TabularData> Transform(string path, int batchSize, ReadSummary? summary,
        RecordReaderOptions? readerOptions, int parallelism)
    {
        var clock = new EntityClock();
        foreach (var file in InputFiles.Expand(path))
        {
            var batches = RecordReader.IsJson(file)
                ? TransformJson(file, batchSize, summary, readerOptions, parallelism, clock)
                : TransformRecords(RecordReader.ReadFlat(file, flatten, readerOptions, summary), batchSize, clock);
            foreach (var batch in batches) yield return batch;
        }
    }

    private IEnumerable<TabularData> TransformRecords(IEnumerable<FlatRecord> records, int batchSize, EntityClock clock)
    {
        // Each record is encoded as soon as it is read, so records die young instead of piling up per batch.
        var rows = layout.NewRows(batchSize);
        foreach (var record in records)
        {
            layout.EncodeRow(record, rows);
            if (rows.Count < batchSize) continue;
            yield return layout.Finish(rows, clock, drift)!;
            rows = layout.NewRows(batchSize);
        }
        if (rows.Count > 0) yield return layout.Finish(rows, clock, drift)!;
    }

    private IEnumerable<TabularData> TransformJson(string path, int batchSize, ReadSummary? summary,
        RecordReaderOptions? readerOptions, int parallelism, EntityClock clock)
    {
        // The calling thread splits the input into raw records, packed per batch; workers flatten and encode
        // whole batches; batches are finished (entity times, drift) in file order on the calling thread.
        var reader = new JsonRecordReader(readerOptions);
        var flattener = new SegmentFlattener(reader, flatten);
        var pending = new Queue<Task<RowBuffer>>();
        try
        {
            foreach (var segments in reader.ReadSegmentBatches(path, batchSize, summary))
            {
                pending.Enqueue(Task.Run(() => EncodeSegments(flattener, path, segments, summary)));
                while (pending.Count > parallelism)
                    if (layout.Finish(pending.Dequeue().GetAwaiter().GetResult(), clock, drift) is { } batch) yield return batch;
            }
            while (pending.Count > 0)
                if (layout.Finish(pending.Dequeue().GetAwaiter().GetResult(), clock, drift) is { } batch) yield return batch;
        }
        finally
        {
            // Abandoned early or failed: let running workers end before returning.
            foreach (var t in pending) ((IAsyncResult)t).AsyncWaitHandle.WaitOne();
        }
    }

    private RowBuffer EncodeSegments(SegmentFlattener flattener, string source, SegmentBatch segments, ReadSummary? summary)
    {
        try
        {
            var rows = layout.NewRows(segments.Count);
            for (var i = 0; i < segments.Count; i++)
            {
                rows.Target.Clear();
                if (flattener.TryFlattenInto(segments.Data(i), segments.HasError(i), rows.Target, summary))
                    layout.EncodeSlots(rows, segments.Location(i, source));
                else if (flattener.Flatten(segments.Segment(i), source, segments.Index(i), summary) is { } record)
                    layout.EncodeRow(record, rows);
            }
            return rows;
        }
        finally
        {
            segments.Release();
        }
    }
}
