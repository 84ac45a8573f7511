namespace ResNetTab.Anomaly.Neighbors;

/// <summary>Row-major k-nearest-neighbour distances and indices, nearest first in every row.</summary>
public sealed class NeighborResult
{
    /// <summary>Wraps the arrays (not copied).</summary>
    /// <param name="rows">Number of query rows.</param>
    /// <param name="k">Neighbours per row.</param>
    /// <param name="distances">Euclidean distances, <paramref name="rows"/> × <paramref name="k"/>.</param>
    /// <param name="indices">Reference row indices, <paramref name="rows"/> × <paramref name="k"/>.</param>
    public NeighborResult(int rows, int k, double[] distances, int[] indices)
    {
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(indices);
        if (rows < 0 || k < 0 || distances.Length != rows * k || indices.Length != rows * k)
            throw new ArgumentException("Distances and indices must both hold rows × k values.", nameof(distances));
        Rows = rows;
        K = k;
        Distances = distances;
        Indices = indices;
    }

    /// <summary>Number of query rows.</summary>
    public int Rows { get; }

    /// <summary>Neighbours per row.</summary>
    public int K { get; }

    /// <summary>Distances, row-major.</summary>
    public double[] Distances { get; }

    /// <summary>Neighbour indices, row-major.</summary>
    public int[] Indices { get; }

    /// <summary>Distance from query <paramref name="row"/> to its <paramref name="j"/>-th neighbour.</summary>
    /// <param name="row">Query row.</param>
    /// <param name="j">Neighbour rank (0 = nearest).</param>
    public double Distance(int row, int j) => Distances[(row * K) + j];

    /// <summary>Index of the <paramref name="j"/>-th neighbour of query <paramref name="row"/>.</summary>
    /// <param name="row">Query row.</param>
    /// <param name="j">Neighbour rank (0 = nearest).</param>
    public int Index(int row, int j) => Indices[(row * K) + j];
}
