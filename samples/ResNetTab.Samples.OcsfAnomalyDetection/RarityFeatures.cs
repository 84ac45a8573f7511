using ResNetTab.Data;

namespace ResNetTab.Samples.OcsfAnomalyDetection;

/// <summary>
/// Turns a feature batch into a dense matrix for the scorers: the numerical features as they are, plus,
/// per categorical column, the surprise −log P(category) estimated on the training rows (rare values of
/// a field — a new source IP, an unusual process — score high).
/// </summary>
internal sealed class RarityFeatures
{
    private readonly Dictionary<long, double>[] logFrequencies;
    private readonly double[] unseen;

    private RarityFeatures(Dictionary<long, double>[] logFrequencies, double[] unseen)
    {
        this.logFrequencies = logFrequencies;
        this.unseen = unseen;
    }

    public static RarityFeatures Fit(FeatureBatch train)
    {
        var columns = train.CategoricalCount;
        var tables = new Dictionary<long, double>[columns];
        var unseen = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            var counts = new Dictionary<long, int>();
            for (var r = 0; r < train.RowCount; r++)
            {
                var v = train.Categorical[(r * columns) + c];
                counts[v] = counts.GetValueOrDefault(v) + 1;
            }
            // Laplace smoothing keeps unseen values finite: they get the surprise of a count of zero.
            var total = train.RowCount + counts.Count + 1.0;
            tables[c] = counts.ToDictionary(kv => kv.Key, kv => -Math.Log((kv.Value + 1) / total));
            unseen[c] = -Math.Log(1 / total);
        }
        return new RarityFeatures(tables, unseen);
    }

    public float[] Transform(FeatureBatch batch, out int columns)
    {
        columns = batch.NumericalCount + batch.CategoricalCount;
        var result = new float[batch.RowCount * columns];
        for (var r = 0; r < batch.RowCount; r++)
        {
            var row = result.AsSpan(r * columns, columns);
            batch.NumericalRow(r).CopyTo(row);
            var cats = batch.CategoricalRow(r);
            for (var c = 0; c < cats.Length; c++)
                row[batch.NumericalCount + c] = (float)logFrequencies[c].GetValueOrDefault(cats[c], unseen[c]);
        }
        return result;
    }
}
