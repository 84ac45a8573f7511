using ResNetTab.Anomaly;
using ResNetTab.SelfSupervised;

namespace ResNetTab.Bench.SelfSupervised;

/// <summary>The one-class protocol on an ADBench set: half of the normal rows train, the other half plus every anomaly test; standardised on the training rows.</summary>
internal static class AdBench
{
    public static string[] Sets { get; } = ["4_breastw", "6_cardio", "23_mammography", "28_pendigits", "29_Pima", "30_satellite", "32_shuttle", "38_thyroid"];

    public static (TabularData Train, TabularData Test, int[] Labels) Split(string folder, string set, int seed)
    {
        var arrays = NpyReader.ReadNpz(Path.Combine(folder, set + ".npz"));
        var x = arrays["X"];
        var y = arrays["y"];
        int rows = x.Shape[0], columns = x.Shape[1];
        var normal = Enumerable.Range(0, rows).Where(i => y.Values[i] == 0).ToArray();
        var anomalies = Enumerable.Range(0, rows).Where(i => y.Values[i] != 0).ToArray();
        new Random(seed).Shuffle(normal);
        var trainRows = normal[..(normal.Length / 2)];
        var testRows = normal[(normal.Length / 2)..].Concat(anomalies).ToArray();
        var labels = testRows.Select(i => y.Values[i] != 0 ? 1 : 0).ToArray();
        var mean = new double[columns];
        var std = new double[columns];
        foreach (var r in trainRows) for (var c = 0; c < columns; c++) mean[c] += x.Values[(r * columns) + c];
        for (var c = 0; c < columns; c++) mean[c] /= trainRows.Length;
        foreach (var r in trainRows) for (var c = 0; c < columns; c++) std[c] += Math.Pow(x.Values[(r * columns) + c] - mean[c], 2);
        for (var c = 0; c < columns; c++) std[c] = Math.Sqrt(std[c] / trainRows.Length) is var s && s > 1e-12 ? s : 1;
        TabularData Take(int[] selected)
        {
            var values = new float[selected.Length * columns];
            for (var i = 0; i < selected.Length; i++)
                for (var c = 0; c < columns; c++)
                    values[(i * columns) + c] = (float)((x.Values[(selected[i] * columns) + c] - mean[c]) / std[c]);
            return new TabularData(values, Array.Empty<long>(), selected.Length, columns, 0);
        }
        return (Take(trainRows), Take(testRows), labels);
    }
}
