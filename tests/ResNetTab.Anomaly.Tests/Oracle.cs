using System.Text.Json;
using ResNetTab.Anomaly;

namespace ResNetTab.Anomaly.Tests;

/// <summary>Reads the scikit-learn reference values copied next to the test binaries.</summary>
internal static class Oracle
{
    public static JsonElement Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Oracle", name);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    public static double[] Doubles(this JsonElement e, string name) =>
        e.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static int[] Ints(this JsonElement e, string name) =>
        e.GetProperty(name).EnumerateArray().Select(v => v.GetInt32()).ToArray();

    public static FeatureMatrix Matrix(this JsonElement e, string name, int columns) =>
        FeatureMatrix.FromDoubles(e.Doubles(name), columns);
}
