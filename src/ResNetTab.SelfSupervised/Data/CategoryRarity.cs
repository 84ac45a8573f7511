using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Anomaly;
using ResNetTab.Core.IO;

namespace ResNetTab.SelfSupervised;

/// <summary>
/// The raw-feature view of tabular rows for distance- and tree-based scorers: the numerical columns as they are, plus,
/// per categorical column, the surprise −log P(category) estimated on the training rows with Laplace smoothing (a value
/// never seen in training gets the surprise of a count of zero). Category indices themselves carry no distance, so
/// Isolation Forest and k-NN on raw rows use this. Saved and loaded as JSON.
/// </summary>
public sealed class CategoryRarity
{
    private const string Format = "resnettab.category-rarity/1";
    private Dictionary<long, double>[] surprise = [];
    private double[] unseen = [];

    /// <summary>Creates an unfitted transform; <see cref="Fit"/> fits it.</summary>
    public CategoryRarity()
    {
    }

    private CategoryRarity(int numericalColumns, Dictionary<long, double>[] surprise, double[] unseen)
    {
        NumericalColumns = numericalColumns;
        this.surprise = surprise;
        this.unseen = unseen;
        IsFitted = true;
    }

    /// <summary>Whether <see cref="Fit"/> has run (or the transform was loaded).</summary>
    public bool IsFitted { get; private set; }

    /// <summary>Numerical columns of the rows it was fitted on.</summary>
    public int NumericalColumns { get; private set; }

    /// <summary>Categorical columns of the rows it was fitted on.</summary>
    public int CategoricalColumns => surprise.Length;

    /// <summary>Fits this transform: counts every category of every column on <paramref name="train"/>.</summary>
    /// <param name="train">Training rows.</param>
    /// <exception cref="ArgumentException">There are no rows.</exception>
    public void Fit(TabularData train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Rows == 0) throw new ArgumentException("CategoryRarity needs at least one training row.", nameof(train));
        var columns = train.CategoricalColumns;
        var tables = new Dictionary<long, double>[columns];
        var unseen = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            var counts = new Dictionary<long, int>();
            var categorical = train.Categorical.Span;
            for (var r = 0; r < train.Rows; r++)
            {
                var v = categorical[(r * columns) + c];
                counts[v] = counts.GetValueOrDefault(v) + 1;
            }
            var total = train.Rows + counts.Count + 1.0;
            tables[c] = counts.ToDictionary(kv => kv.Key, kv => -Math.Log((kv.Value + 1) / total));
            unseen[c] = -Math.Log(1 / total);
        }
        NumericalColumns = train.NumericalColumns;
        surprise = tables;
        this.unseen = unseen;
        IsFitted = true;
    }

    /// <summary>Numerical values followed by one surprise per categorical column.</summary>
    /// <param name="rows">Rows with the fitted columns.</param>
    /// <returns>The matrix, rows × (numerical + categorical columns).</returns>
    /// <exception cref="ArgumentException">The rows have other column counts, or a numerical value is not finite.</exception>
    public FeatureMatrix Transform(TabularData rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!IsFitted) throw new InvalidOperationException("This CategoryRarity is not fitted yet; call Fit first.");
        if (rows.NumericalColumns != NumericalColumns || rows.CategoricalColumns != CategoricalColumns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The rows have {rows.NumericalColumns} numerical + {rows.CategoricalColumns} categorical columns; the transform was fitted on {NumericalColumns} + {CategoricalColumns}."), nameof(rows));
        var columns = NumericalColumns + CategoricalColumns;
        var result = new float[(long)rows.Rows * columns];
        var numerical = rows.Numerical.Span;
        var categorical = rows.Categorical.Span;
        for (var r = 0; r < rows.Rows; r++)
        {
            numerical.Slice(r * NumericalColumns, NumericalColumns).CopyTo(result.AsSpan(r * columns));
            for (var c = 0; c < CategoricalColumns; c++)
                result[(r * columns) + NumericalColumns + c] = (float)surprise[c].GetValueOrDefault(categorical[(r * CategoricalColumns) + c], unseen[c]);
        }
        return FeatureMatrix.Wrap(result, columns);
    }

    /// <summary>Writes the fitted tables atomically as JSON.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!IsFitted) throw new InvalidOperationException("This CategoryRarity is not fitted yet; nothing to save.");
        AtomicFile.WriteAllText(path, ToJson().ToJsonString());
    }

    /// <summary>The document <see cref="Save"/> writes (also embedded in saved detectors).</summary>
    internal JsonObject ToJson()
    {
        var columns = new JsonArray();
        for (var c = 0; c < CategoricalColumns; c++)
            columns.Add(new JsonObject
            {
                ["unseen"] = unseen[c],
                ["surprise"] = JsonSerializer.SerializeToNode(surprise[c].ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value)),
            });
        return new JsonObject { ["format"] = Format, ["numericalColumns"] = NumericalColumns, ["columns"] = columns };
    }

    /// <summary>Reads a transform written by <see cref="Save"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The transform.</returns>
    /// <exception cref="InvalidDataException">The file is not a saved CategoryRarity.</exception>
    public static CategoryRarity Load(string path)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"'{path}' does not hold a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{path}' is not a valid saved CategoryRarity: {ex.Message}", ex);
        }
        return FromJson(root, $"'{path}'");
    }

    /// <summary>Reads the document of <see cref="ToJson"/>.</summary>
    /// <param name="root">The document.</param>
    /// <param name="source">Where it came from, for error messages.</param>
    internal static CategoryRarity FromJson(JsonObject root, string source)
    {
        try
        {
            if (root["format"]?.GetValue<string>() != Format) throw new InvalidDataException($"{source} is not a saved CategoryRarity (format '{Format}').");
            var columns = root["columns"]!.AsArray();
            var tables = new Dictionary<long, double>[columns.Count];
            var unseen = new double[columns.Count];
            for (var c = 0; c < columns.Count; c++)
            {
                unseen[c] = columns[c]!["unseen"]!.GetValue<double>();
                tables[c] = columns[c]!["surprise"].Deserialize<Dictionary<string, double>>()!
                    .ToDictionary(kv => long.Parse(kv.Key, CultureInfo.InvariantCulture), kv => kv.Value);
            }
            return new CategoryRarity(root["numericalColumns"]!.GetValue<int>(), tables, unseen);
        }
        catch (Exception ex) when (ex is JsonException or NullReferenceException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{source} is not a valid saved CategoryRarity: {ex.Message}", ex);
        }
    }
}
