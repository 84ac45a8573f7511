using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ResNetTab.Engine.Serialization;
using ResNetTab.Models.Tabular;

namespace ResNetTab.SelfSupervised;

/// <summary>
/// The configuration of a saved <see cref="SelfSupervisedModel"/>: its architecture and the recipe it was built and
/// trained with, as compact JSON. Reading treats the JSON as untrusted: every size is bounded, and the sizes that
/// decide how much memory the model takes must agree with the tensor shapes of the file, whose data the file's own
/// byte length bounds.
/// </summary>
internal static class ModelConfig
{
    public const string Format = "resnettab-selfsupervised-model";
    public const int Version = 1;

    // Sane upper bounds, far above any model this library trains; they keep a hostile file from asking for an
    // absurd allocation or loop even before the shapes are compared.
    public const int MaxWidth = 16_384;
    public const int MaxBlocks = 256;
    public const int MaxColumns = 1 << 20;
    public const int MaxCardinality = 1 << 24; // categorical indices are exact in float32 below 2^24
    public const int MaxDim = 16_384;

    private static readonly JsonSerializerOptions RecipeJson = new()
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static JsonObject ToJson(SelfSupervisedModel model)
    {
        var o = model.Options;
        var e = o.Encoder;
        if (e.BlockFactory is not null)
            throw new NotSupportedException("A model whose encoder uses a custom block factory cannot be saved with its configuration; save its state dict with SaveSafetensors instead.");
        return new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["numericalColumns"] = e.NumericalColumns,
            ["cardinalities"] = JsonSerializer.SerializeToNode(e.Cardinalities.ToArray()),
            ["categoryEmbeddingDims"] = e.CategoryEmbeddingDims is null ? null : JsonSerializer.SerializeToNode(e.CategoryEmbeddingDims.ToArray()),
            ["numericalProjectionDim"] = e.NumericalProjectionDim,
            ["width"] = e.Width,
            ["blocks"] = e.Blocks,
            ["dropout"] = e.Dropout,
            ["blockKind"] = e.BlockKind.ToString(),
            ["normalization"] = e.Normalization.ToString(),
            ["bottleneckReduction"] = e.BottleneckReduction,
            ["numericalNames"] = e.NumericalNames is null ? null : JsonSerializer.SerializeToNode(e.NumericalNames.ToArray()),
            ["categoricalNames"] = e.CategoricalNames is null ? null : JsonSerializer.SerializeToNode(e.CategoricalNames.ToArray()),
            ["numericalMask"] = o.NumericalMask.ToString(),
            ["projectionDim"] = o.ProjectionDim,
            // A checkpoint path belongs to one training run on one machine; a loaded model must not resume from it.
            ["recipe"] = JsonSerializer.SerializeToNode(model.Recipe with { CheckpointPath = null }, RecipeJson),
        };
    }

    /// <summary>Reads and checks the configuration against the tensors of the file (no tensor data is read).</summary>
    /// <exception cref="InvalidDataException">A field is missing, malformed, out of bounds or disagrees with the tensors.</exception>
    public static (SelfSupervisedModelOptions Options, PretrainingOptions Recipe) FromJson(JsonObject document, IReadOnlyList<SafetensorsEntry> tensors)
    {
        if (Get<string>(document, "format") != Format) throw Bad("format", $"is not '{Format}'");
        var version = Get<int>(document, "version");
        if (version != Version) throw Bad("version", $"is {version}; this library reads version {Version}");
        var numerical = Bounded(Get<int>(document, "numericalColumns"), 0, MaxColumns, "numericalColumns");
        var cardinalities = Get<int[]>(document, "cardinalities");
        if (cardinalities.Length > MaxColumns) throw Bad("cardinalities", $"holds {cardinalities.Length} columns, more than {MaxColumns}");
        for (var j = 0; j < cardinalities.Length; j++) Bounded(cardinalities[j], 1, MaxCardinality, $"cardinalities[{j}]");
        var embeddingDims = Optional<int[]>(document, "categoryEmbeddingDims");
        if (embeddingDims is not null)
        {
            if (embeddingDims.Length != cardinalities.Length) throw Bad("categoryEmbeddingDims", $"holds {embeddingDims.Length} sizes for {cardinalities.Length} categorical columns");
            for (var j = 0; j < embeddingDims.Length; j++) Bounded(embeddingDims[j], 1, MaxDim, $"categoryEmbeddingDims[{j}]");
        }
        var numericalProjection = Optional<int?>(document, "numericalProjectionDim");
        if (numericalProjection is { } p) Bounded(p, 1, MaxDim, "numericalProjectionDim");
        var width = Bounded(Get<int>(document, "width"), 1, MaxWidth, "width");
        var blocks = Bounded(Get<int>(document, "blocks"), 0, MaxBlocks, "blocks");
        var dropout = Get<double>(document, "dropout");
        if (!(dropout >= 0 && dropout < 1)) throw Bad("dropout", "must lie in [0, 1)");
        var encoder = new TabularResNetOptions
        {
            NumericalColumns = numerical,
            Cardinalities = cardinalities,
            CategoryEmbeddingDims = embeddingDims,
            NumericalProjectionDim = numericalProjection,
            Width = width,
            Blocks = blocks,
            Dropout = dropout,
            BlockKind = ParseEnum<TabularBlockKind>(document, "blockKind"),
            Normalization = ParseEnum<TabularNormalization>(document, "normalization"),
            BottleneckReduction = Bounded(Get<int>(document, "bottleneckReduction"), 1, 64, "bottleneckReduction"),
            NumericalNames = Optional<string[]>(document, "numericalNames"),
            CategoricalNames = Optional<string[]>(document, "categoricalNames"),
        };
        var options = new SelfSupervisedModelOptions
        {
            Encoder = encoder,
            NumericalMask = ParseEnum<NumericalMaskMode>(document, "numericalMask"),
            ProjectionDim = Bounded(Get<int>(document, "projectionDim"), 1, MaxDim, "projectionDim"),
        };
        PretrainingOptions recipe;
        try
        {
            recipe = Get<JsonObject>(document, "recipe").Deserialize<PretrainingOptions>(RecipeJson) ?? throw Bad("recipe", "is null");
            recipe.Validate();
            options.Validate();
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"The model configuration is invalid: {ex.Message}", ex);
        }
        CheckAgainstTensors(options, tensors);
        return (options, recipe);
    }

    /// <summary>
    /// The sizes that decide the model's memory (width, blocks, each embedding table, the numerical columns) must be
    /// the shapes of the stored tensors, whose bytes the file holds: a model built from the configuration is then no
    /// larger than the file allows.
    /// </summary>
    private static void CheckAgainstTensors(SelfSupervisedModelOptions options, IReadOnlyList<SafetensorsEntry> tensors)
    {
        var byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var e = options.Encoder;
        void Shape(string tensor, string field, params long[] expected)
        {
            if (!byName.TryGetValue(tensor, out var entry)) throw Bad(field, $"needs the tensor '{tensor}', which the file does not hold");
            if (!entry.Shape.SequenceEqual(expected))
                throw Bad(field, $"says [{string.Join(", ", expected)}] but the tensor '{tensor}' has shape [{string.Join(", ", entry.Shape)}]");
        }
        Shape("encoder.final_norm.weight", "width", e.Width);
        for (var j = 0; j < e.Cardinalities.Count; j++)
            Shape(string.Create(CultureInfo.InvariantCulture, $"encoder.embeddings.{j}.weight"), string.Create(CultureInfo.InvariantCulture, $"cardinalities[{j}]"),
                e.Cardinalities[j], e.CategoryEmbeddingDim(j));
        Shape("projection.fc1.weight", "width", e.Width, e.Width);
        Shape("projection.fc2.weight", "projectionDim", options.ProjectionDim, e.Width);
        Shape("encoder.initial_projection.weight", "width", e.Width, e.InputDim);
        if (options.NumericalMask == NumericalMaskMode.LearnedValue && e.NumericalColumns > 0) Shape("mask_value", "numericalColumns", e.NumericalColumns);
        // Every block holds at least width × width / reduction weights; a block count the stored blocks do not back is refused.
        var perBlock = (long)e.Width * Math.Max(1, e.Width / e.BottleneckReduction);
        var blocks = tensors.Where(t => t.Name.StartsWith("encoder.blocks.", StringComparison.Ordinal))
            .GroupBy(t => t.Name.Split('.')[2], StringComparer.Ordinal)
            .Count(g => g.Sum(t => t.ElementCount) >= perBlock);
        if (blocks != e.Blocks) throw Bad("blocks", $"is {e.Blocks} but the file holds {blocks} blocks of width {e.Width}");
    }

    private static int Bounded(int value, int min, int max, string field) =>
        value >= min && value <= max ? value : throw Bad(field, string.Create(CultureInfo.InvariantCulture, $"is {value}; it must lie in [{min}, {max}]"));

    private static T ParseEnum<T>(JsonObject document, string field) where T : struct, Enum =>
        Enum.TryParse<T>(Get<string>(document, field), ignoreCase: false, out var value) && Enum.IsDefined(value) ? value : throw Bad(field, $"is not a {typeof(T).Name}");

    private static T Get<T>(JsonObject document, string field) =>
        Optional<T>(document, field) ?? throw Bad(field, "is missing or null");

    private static T? Optional<T>(JsonObject document, string field)
    {
        if (!document.TryGetPropertyValue(field, out var node) || node is null) return default;
        if (typeof(T) == typeof(JsonObject)) return node is JsonObject o ? (T)(object)o : throw Bad(field, "is not an object");
        try
        {
            return node.Deserialize<T>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw Bad(field, $"is malformed ({ex.Message})");
        }
    }

    private static InvalidDataException Bad(string field, string problem) => new($"The model configuration field '{field}' {problem}.");
}
