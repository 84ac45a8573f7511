using ResNetTab.Anomaly;
using ResNetTab.SelfSupervised;

namespace ResNetTab.Bench.SelfSupervised;

/// <summary>An ADBench set split under a <see cref="Protocol"/>, standardised on the training rows.</summary>
internal static class AdBench
{
    /// <summary>The 8 sets the recipe was first developed on.</summary>
    public static string[] FirstSets { get; } = ["4_breastw", "6_cardio", "23_mammography", "28_pendigits", "29_Pima", "30_satellite", "32_shuttle", "38_thyroid"];

    /// <summary>Every set in the folder (the development pool), sorted by name.</summary>
    public static string[] Pool(string folder) =>
        [.. Directory.GetFiles(folder, "*.npz").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)];

    public static (TabularData Train, TabularData Test, int[] Labels) Split(string folder, string set, int seed, Protocol protocol, int? maxTrain, int? maxTest)
    {
        var path = Path.Combine(folder, set + ".npz");
        if (!File.Exists(path)) throw new FileNotFoundException($"no ADBench set '{set}' in {folder}", path);
        var arrays = NpyReader.ReadNpz(path);
        var x = arrays["X"];
        var y = arrays["y"];
        int rows = x.Shape[0], columns = x.Shape[1];
        var (trainRows, testRows) = Protocols.Split([.. Enumerable.Range(0, rows).Select(i => y.Values[i] != 0)], protocol, seed, maxTrain, maxTest);
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
