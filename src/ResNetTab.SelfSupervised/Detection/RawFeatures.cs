using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Anomaly;

namespace ResNetTab.SelfSupervised;

/// <summary>
/// The raw-feature view the classical members of <see cref="DefaultDetector"/> score: the numerical columns and each
/// categorical column's <see cref="CategoryRarity"/> surprise, every column standardised with the training rows' mean
/// and standard deviation (1 for a constant column).
/// </summary>
internal sealed class RawFeatures
{
    private readonly CategoryRarity rarity;
    private readonly double[] mean;
    private readonly double[] std;

    private RawFeatures(CategoryRarity rarity, double[] mean, double[] std)
    {
        this.rarity = rarity;
        this.mean = mean;
        this.std = std;
    }

    public static (RawFeatures View, FeatureMatrix Train) Fit(TabularData train)
    {
        var rarity = new CategoryRarity();
        rarity.Fit(train);
        var x = rarity.Transform(train);
        var mean = new double[x.Columns];
        var std = new double[x.Columns];
        var values = x.Values;
        for (var r = 0; r < x.Rows; r++) for (var c = 0; c < x.Columns; c++) mean[c] += values[(r * x.Columns) + c];
        for (var c = 0; c < x.Columns; c++) mean[c] /= x.Rows;
        for (var r = 0; r < x.Rows; r++) for (var c = 0; c < x.Columns; c++) std[c] += Math.Pow(values[(r * x.Columns) + c] - mean[c], 2);
        for (var c = 0; c < x.Columns; c++) std[c] = Math.Sqrt(std[c] / x.Rows) is var s && s > 1e-12 ? s : 1;
        var view = new RawFeatures(rarity, mean, std);
        return (view, view.Standardize(x));
    }

    public FeatureMatrix Transform(TabularData rows) => Standardize(rarity.Transform(rows));

    private FeatureMatrix Standardize(FeatureMatrix x)
    {
        var values = x.Values;
        var result = new float[values.Length];
        for (var r = 0; r < x.Rows; r++)
            for (var c = 0; c < x.Columns; c++)
                result[(r * x.Columns) + c] = (float)((values[(r * x.Columns) + c] - mean[c]) / std[c]);
        return FeatureMatrix.Wrap(result, x.Columns);
    }

    public JsonObject ToJson() => new()
    {
        ["rarity"] = rarity.ToJson(),
        ["mean"] = JsonSerializer.SerializeToNode(mean),
        ["std"] = JsonSerializer.SerializeToNode(std),
    };

    public static RawFeatures FromJson(JsonObject document)
    {
        var rarity = CategoryRarity.FromJson(document["rarity"] as JsonObject ?? throw new InvalidDataException("Saved detector is missing the field 'rarity'."), "the saved detector's rarity");
        var mean = document["mean"]?.Deserialize<double[]>() ?? throw new InvalidDataException("Saved detector is missing the field 'mean'.");
        var std = document["std"]?.Deserialize<double[]>() ?? throw new InvalidDataException("Saved detector is missing the field 'std'.");
        var columns = rarity.NumericalColumns + rarity.CategoricalColumns;
        if (mean.Length != columns || std.Length != columns)
            throw new InvalidDataException($"Saved detector has {mean.Length} means and {std.Length} deviations for {columns} raw columns.");
        if (std.Any(s => !(s > 0) || !double.IsFinite(s)) || mean.Any(m => !double.IsFinite(m)))
            throw new InvalidDataException("Saved detector has a non-finite mean or a non-positive deviation.");
        return new RawFeatures(rarity, mean, std);
    }
}
