using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Anomaly;

namespace ResNetTab.SelfSupervised;

/// <summary>
/// Reads the saved state of a <see cref="ReconstructionScorer"/> as untrusted input: every count is bounded (so a file
/// cannot make scoring allocate or loop without end), the column scales must be positive, finite and one per column
/// and mask count, and the columns must be the model's.
/// </summary>
internal static class ReconstructionScorerFile
{
    public const int MaxMaskCount = 4096;
    public const int MaxMaskCounts = 16;
    public const int MaxMaskRepeats = 64;
    public const int MaxBatchSize = 1 << 20;

    public static ReconstructionScorer Read(JsonObject document, Contamination contamination, ScorerFiles files,
        Func<TabularSchema, ReconstructionScorerOptions, SelfSupervisedModel, double[], ReconstructionScorer> create)
    {
        var numericalNames = Get<string[]>(document, "numericalNames");
        var categoricalNames = Get<string[]>(document, "categoricalNames");
        var cardinalities = Get<int[]>(document, "cardinalities");
        if (numericalNames.Length > ModelConfig.MaxColumns || categoricalNames.Length > ModelConfig.MaxColumns)
            throw Bad("numericalNames", "holds more columns than a model may have");
        if (cardinalities.Length != categoricalNames.Length)
            throw Bad("cardinalities", $"holds {cardinalities.Length} values for {categoricalNames.Length} categorical columns");
        var counts = Get<int[]>(document, "maskCounts");
        if (counts.Length is 0 or > MaxMaskCounts || counts.Any(k => k is < 1 or > MaxMaskCount))
            throw Bad("maskCounts", $"must hold 1 to {MaxMaskCounts} counts, each in [1, {MaxMaskCount}]");
        var repeats = Get<int>(document, "maskRepeats");
        if (repeats is < 1 or > MaxMaskRepeats) throw Bad("maskRepeats", $"is {repeats}; it must lie in [1, {MaxMaskRepeats}]");
        var batch = Get<int>(document, "batchSize");
        if (batch is < 1 or > MaxBatchSize) throw Bad("batchSize", $"is {batch}; it must lie in [1, {MaxBatchSize}]");
        var columns = numericalNames.Length + categoricalNames.Length;
        var scales = Get<double[]>(document, "columnScales");
        if (scales.Length != counts.Length * columns)
            throw Bad("columnScales", $"holds {scales.Length} values; {counts.Length} mask counts × {columns} columns need {counts.Length * columns}");
        for (var i = 0; i < scales.Length; i++)
            if (!(double.IsFinite(scales[i]) && scales[i] > 0)) throw Bad(string.Create(CultureInfo.InvariantCulture, $"columnScales[{i}]"), "must be positive and finite");
        TabularSchema schema;
        try
        {
            schema = new TabularSchema(numericalNames, categoricalNames, cardinalities);
        }
        catch (ArgumentException e)
        {
            throw Bad("numericalNames", $"and the other column fields do not describe columns: {e.Message}");
        }
        var options = new ReconstructionScorerOptions
        {
            MaskCounts = counts,
            MaskRepeats = repeats,
            NormalizeColumns = Get<bool>(document, "normalizeColumns"),
            ScoreVisible = Get<bool>(document, "scoreVisible"),
            BatchSize = batch,
            Contamination = contamination,
        };
        var path = files.Resolve(document["network"], "network");
        var model = SelfSupervisedModel.Load(path);
        try
        {
            if (model.NumericalColumns != schema.NumericalColumns || !model.Cardinalities.SequenceEqual(schema.Cardinalities))
                throw Bad("cardinalities", $"and the numerical columns are not those of the model in '{path}'");
            return create(schema, options, model, scales);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static T Get<T>(JsonObject document, string field)
    {
        if (!document.TryGetPropertyValue(field, out var node) || node is null) throw Bad(field, "is missing or null");
        try
        {
            return node.Deserialize<T>() ?? throw Bad(field, "is null");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw Bad(field, $"is malformed ({e.Message})");
        }
    }

    private static InvalidDataException Bad(string field, string problem) => new($"Saved scorer field '{field}' {problem}.");
}
