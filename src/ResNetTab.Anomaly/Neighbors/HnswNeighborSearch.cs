
namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// Approximate neighbour search for the detectors: <see cref="Fit"/> builds an <see cref="HnswIndex"/> and
/// <see cref="Query"/> asks it for candidates. The returned neighbours are those the graph finds (recall below 1,
/// set by <see cref="Ef"/>), but their distances are exact float64 distances re-ranked with ties by index, so
/// scores computed from them use the same distance definition as with exact search.
/// </summary>
public sealed class HnswNeighborSearch : INeighborSearch, IDisposable
{
    private HnswIndex? _index;
    private FeatureMatrix? _data;

    /// <summary>Creates the search.</summary>
    /// <param name="options">Index parameters; null uses <see cref="HnswOptions"/>' defaults.</param>
    /// <param name="ef">Query candidate list size; null uses <see cref="HnswOptions.Ef"/>.</param>
    public HnswNeighborSearch(HnswOptions? options = null, int? ef = null)
    {
        Options = options ?? new HnswOptions();
        Options.Validate();
        if (ef is < 1) throw new ArgumentOutOfRangeException(nameof(ef), ef, "ef must be at least 1.");
        Ef = ef ?? Options.Ef;
    }

    /// <summary>Index parameters.</summary>
    public HnswOptions Options { get; }

    /// <summary>Query candidate list size: larger is slower and finds more of the true neighbours.</summary>
    public int Ef { get; }

    /// <summary>The index built by <see cref="Fit"/> (null before).</summary>
    public HnswIndex? Index => _index;

    /// <inheritdoc />
    public int SampleCount => _data?.Rows ?? 0;

    /// <inheritdoc />
    public int FeatureCount => _data?.Columns ?? 0;

    /// <inheritdoc />
    public void Fit(FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Rows == 0) throw new ArgumentException("The reference set is empty.", nameof(data));
        _index?.Dispose();
        _index = new HnswIndex(data.Columns, Options);
        _index.Add(data);
        _data = data;
    }

    /// <inheritdoc />
    public NeighborResult Query(FeatureMatrix queries, int k, bool excludeSelf)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var data = _data ?? throw new InvalidOperationException("The neighbour search is not fitted: call Fit first.");
        if (queries.Columns != data.Columns)
            throw new ArgumentException($"Queries have {queries.Columns} features but the search was fitted on {data.Columns}.", nameof(queries));
        if (excludeSelf && queries.Rows != data.Rows)
            throw new ArgumentException($"excludeSelf needs the fitted rows as queries ({data.Rows} rows), got {queries.Rows}.", nameof(queries));
        int candidates = data.Rows - (excludeSelf ? 1 : 0);
        if (k < 1 || k > candidates)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and {candidates}.");
        int wanted = excludeSelf ? k + 1 : k;
        var found = _index!.SearchBatch(queries, wanted, Math.Max(Ef, wanted));
        var distances = new double[queries.Rows * k];
        var indices = new int[queries.Rows * k];
        bool cosine = Options.Metric == VectorMetric.Cosine;
        Parallel.For(0, queries.Rows, Parallelism.Options(Options.NJobs), () => (new double[wanted], new int[wanted]), (row, _, local) =>
        {
            var (exact, order) = local;
            var q = queries.Row(row);
            int n = 0;
            for (int j = 0; j < wanted; j++)
            {
                int id = found.Index(row, j);
                if (excludeSelf && id == row) continue;
                exact[n] = cosine ? CosineDistance(q, data.Row(id)) : ExactRerank.SquaredDistance(q, data.Row(id));
                order[n++] = id;
            }
            ExactRerank.SortByDistanceThenIndex(exact, order, n);
            // Self not among the candidates: the farthest extra candidate is dropped.
            for (int j = 0; j < k; j++)
            {
                distances[(row * k) + j] = cosine ? exact[j] : Math.Sqrt(exact[j]);
                indices[(row * k) + j] = order[j];
            }
            return local;
        }, _ => { });
        return new NeighborResult(queries.Rows, k, distances, indices);
    }

    private static double CosineDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return 1 - (dot / Math.Sqrt(na * nb));
    }

    /// <summary>Frees the index.</summary>
    public void Dispose() => _index?.Dispose();
}
