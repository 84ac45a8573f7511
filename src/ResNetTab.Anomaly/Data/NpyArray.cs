namespace ResNetTab.Anomaly;

/// <summary>An array read from a .npy file, converted to doubles (C order).</summary>
/// <param name="Shape">Dimensions.</param>
/// <param name="Descr">The numpy dtype descriptor found in the header (for example <c>&lt;f8</c>).</param>
/// <param name="Values">Values in C (row-major) order.</param>
public sealed record NpyArray(int[] Shape, string Descr, double[] Values)
{
    /// <summary>Rows and columns of a 2-D array.</summary>
    /// <exception cref="InvalidDataException">The array is not 2-D.</exception>
    public (int Rows, int Columns) Shape2D => Shape.Length == 2
        ? (Shape[0], Shape[1])
        : throw new InvalidDataException($"Expected a 2-D array, found shape ({string.Join(", ", Shape)}).");

    /// <summary>A 2-D array as a validated <see cref="FeatureMatrix"/>.</summary>
    public FeatureMatrix ToFeatureMatrix() => FeatureMatrix.FromDoubles(Values, Shape2D.Columns);

    /// <summary>The values as integer labels (each must be integral).</summary>
    public int[] ToLabels() => Values.Select((v, i) => v == Math.Floor(v) && Math.Abs(v) <= int.MaxValue
        ? (int)v
        : throw new InvalidDataException($"Value {i} ({v}) is not an integer label.")).ToArray();
}
