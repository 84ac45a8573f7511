using ResNetTab.SelfSupervised;

namespace ResNetTab.SelfSupervised.Tests;

/// <summary>
/// A small structured set: x2 = x0 + x1 and x3 = x0 − x1 (plus noise), categorical c0 = sign of x0 (indices 3/4 of a
/// cardinality-5 column whose 0–2 are reserved) and c1 = tercile of x1 (3/4/5 of 6). Every cell is predictable from the others.
/// Anomalies break the relations (x2 unrelated to x0 + x1, c0 the wrong sign).
/// </summary>
internal static class StructuredData
{
    public const int Numerical = 4;
    public static readonly int[] Cardinalities = [5, 6];

    /// <summary>The columns: x0–x3 numerical, c0 and c1 categorical.</summary>
    public static readonly TabularSchema Schema = new(["x0", "x1", "x2", "x3"], ["c0", "c1"], Cardinalities);

    public static TabularData Create(int rows, int seed, bool anomalous = false)
    {
        var random = new Random(seed);
        var numerical = new float[rows * Numerical];
        var categorical = new long[rows * 2];
        for (var r = 0; r < rows; r++)
        {
            double x0 = Gaussian(random), x1 = Gaussian(random);
            double x2 = x0 + x1 + (0.05 * Gaussian(random)), x3 = x0 - x1 + (0.05 * Gaussian(random));
            long c0 = x0 > 0 ? 4 : 3;
            long c1 = x1 < -0.43 ? 3 : x1 < 0.43 ? 4 : 5;
            if (anomalous)
            {
                x2 = 3 * Gaussian(random);
                c0 = c0 == 4 ? 3 : 4;
            }
            numerical[(r * Numerical) + 0] = (float)x0;
            numerical[(r * Numerical) + 1] = (float)x1;
            numerical[(r * Numerical) + 2] = (float)x2;
            numerical[(r * Numerical) + 3] = (float)x3;
            categorical[(r * 2) + 0] = c0;
            categorical[(r * 2) + 1] = c1;
        }
        return new TabularData(numerical, categorical, rows, Numerical, 2);
    }

    /// <summary>A small, fast recipe for tests.</summary>
    public static PretrainingOptions Recipe(int epochs = 6) => new()
    {
        Width = 32,
        Blocks = 1,
        Dropout = 0.1,
        Epochs = epochs,
        BatchSize = 64,
        LearningRate = 3e-3,
        ProjectionDim = 16,
        EarlyStoppingPatience = null,
        Objective = new SelfSupervisedObjectiveOptions(),
    };

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
