using ResNetTab.Data;
using ResNetTab.Anomaly;

namespace ResNetTab.Pipeline;

public sealed partial class AnomalyBundle
{
    /// <summary>
    /// Scores every event of the inputs (files, folders, globs), streaming: events are read, encoded and scored in batches
    /// of <see cref="ScoringOptions.BatchSize"/>, so memory stays flat whatever the input size. Files are scored one by one
    /// in sorted order, each on its own (entity histories start afresh in every file), so shards of the files scored
    /// separately give exactly the events of one run, in the same order.
    /// </summary>
    /// <param name="inputs">Files, folders or globs.</param>
    /// <param name="options">Batch size, reported fields, shard; the defaults when null.</param>
    /// <param name="progress">Bytes and events scored; none when null.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>One verdict per event, in input order.</returns>
    /// <exception cref="FileNotFoundException">An input matches no file.</exception>
    /// <exception cref="ObjectDisposedException">The bundle is disposed (also between batches).</exception>
    public IEnumerable<ScoredEvent> Score(IEnumerable<string> inputs, ScoringOptions? options = null, IProgress<PipelineProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var o = options ?? new ScoringOptions();
        o.Validate();
        var files = InputFingerprint.Expand(inputs);
        if (o.Shard is { } shard) files = shard.Select(files);
        return ScoreFiles(files, o, progress, cancellationToken);
    }

    /// <summary>Scores events already read and flattened (for callers with their own reader, e.g. a message queue).</summary>
    /// <param name="records">The events.</param>
    /// <param name="topFields">Contributing fields reported per event.</param>
    /// <returns>One verdict per event, in order.</returns>
    /// <exception cref="ObjectDisposedException">The bundle is disposed.</exception>
    public IReadOnlyList<ScoredEvent> ScoreRecords(IReadOnlyList<FlatRecord> records, int topFields = 3)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegative(topFields);
        if (records.Count == 0) return [];
        return ScoreBatch(Preprocessor.Transform(records), topFields);
    }

    /// <summary>The embedding of every event of the inputs (the model's final-norm output), streaming, in input order.</summary>
    /// <param name="inputs">Files, folders or globs.</param>
    /// <param name="batchSize">Events per batch.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>(location, embedding) per event.</returns>
    /// <exception cref="ObjectDisposedException">The bundle is disposed.</exception>
    public IEnumerable<(RecordLocation? Location, float[] Embedding)> Embed(IEnumerable<string> inputs, int batchSize = 4096,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var files = InputFingerprint.Expand(inputs);
        return EmbedFiles(files, batchSize, cancellationToken);
    }

    private IEnumerable<(RecordLocation?, float[])> EmbedFiles(IReadOnlyList<string> files, int batchSize, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            foreach (var batch in Preprocessor.TransformFile(file, batchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                FeatureMatrix embeddings;
                using (gate.Enter()) embeddings = detector.Embed(batch);
                for (var i = 0; i < batch.Rows; i++) yield return (batch.Locations?[i], embeddings.Row(i).ToArray());
            }
        }
    }

    private IEnumerable<ScoredEvent> ScoreFiles(IReadOnlyList<string> files, ScoringOptions options, IProgress<PipelineProgress>? progress,
        CancellationToken cancellationToken)
    {
        var sizes = files.Select(f => new FileInfo(f).Length).ToArray();
        var total = sizes.Sum();
        long done = 0, events = 0;
        for (var f = 0; f < files.Count; f++)
        {
            foreach (var batch in Preprocessor.TransformFile(files[f], options.BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var results = ScoreBatch(batch, options.TopFields);
                events += results.Length;
                var within = batch.Rows > 0 ? Math.Min(batch.Locations?[^1]?.ByteOffset ?? 0, sizes[f]) : 0;
                progress?.Report(new PipelineProgress(PipelineStage.Scoring, done + within, total, events));
                foreach (var r in results) yield return r;
            }
            done += sizes[f];
        }
        progress?.Report(new PipelineProgress(PipelineStage.Scoring, total, total, events, $"scored {events:N0} events from {files.Count} files"));
    }

    private ScoredEvent[] ScoreBatch(TabularData batch, int topFields)
    {
        var rows = batch;
        double[] scores, contributions;
        FeatureMatrix embeddings;
        using (gate.Enter())
        {
            (scores, contributions) = detector.Score(rows);
            embeddings = detector.Embed(rows);
        }
        var columns = columnFields.Length;
        var perField = new double[fields.Length];
        var results = new ScoredEvent[batch.Rows];
        for (var i = 0; i < batch.Rows; i++)
        {
            Array.Clear(perField);
            double sum = 0;
            for (var c = 0; c < columns; c++)
            {
                var v = contributions[(i * columns) + c];
                perField[columnFieldIndex[c]] += v;
                sum += v;
            }
            var top = Enumerable.Range(0, fields.Length).Where(j => perField[j] > 0)
                .OrderByDescending(j => perField[j]).ThenBy(j => j).Take(topFields)
                .Select(j => new FieldContribution(fields[j], sum > 0 ? perField[j] / sum : 0)).ToArray();
            var location = batch.Locations?[i];
            var (x, y) = map.Project(embeddings.Row(i));
            results[i] = new ScoredEvent(location?.Source ?? "", location?.Line ?? 0, location?.Index ?? i, scores[i], scores[i] > Threshold, top, x, y);
        }
        return results;
    }
}
