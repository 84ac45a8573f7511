using ResNetTab.Engine.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// Exact k-NN search on the libtorch binding: blocked squared distances ||q||² + ||r||² − 2 q·rᵀ as one
/// GEMM per query block (<c>addmm</c>), a <c>topk</c> shortlist per row, then an exact float64 re-rank on
/// the CPU. Runs on a GPU when given a CUDA device; memory is bounded by <see cref="QueryBlockSize"/> × n.
/// </summary>
/// <remarks>
/// Results equal <see cref="BruteForceNeighborSearch"/>'s: the shortlist holds <c>k + CandidateMargin</c>
/// candidates whose distances are recomputed in float64 from the float32 inputs and ranked with ties broken
/// by the smaller index, as scikit-learn does. Data are centred on the reference mean first, which keeps the
/// float32 decomposition accurate for data far from the origin.
/// </remarks>
public sealed class TensorNeighborSearch : INeighborSearch, IDisposable
{
    private FeatureMatrix? data;
    private Tensor? reference;      // n × d, centred, on Device
    private Tensor? referenceNorms; // n
    private Tensor? mean;           // d

    /// <summary>Device for the distance computation (default: CUDA when available, else CPU).</summary>
    public Device Device { get; init; } = cuda.is_available() ? CUDA : CPU;

    /// <summary>
    /// Query rows per GEMM block; the block's distance matrix holds QueryBlockSize × n floats. Null (the
    /// default) sizes blocks to about 16 MB: larger blocks are served by fresh mmap'd pages on every
    /// allocation, and first-touch page faults then cost more than the arithmetic.
    /// </summary>
    public int? QueryBlockSize { get; init; }

    private int BlockRows(int referenceRows) =>
        QueryBlockSize ?? Math.Clamp((16 << 20) / (sizeof(float) * Math.Max(1, referenceRows)), 16, 4096);

    /// <summary>Extra shortlisted candidates per row that are re-ranked with exact distances (default 8).</summary>
    public int CandidateMargin { get; init; } = 8;

    /// <inheritdoc />
    public int SampleCount => data?.Rows ?? 0;

    /// <inheritdoc />
    public int FeatureCount => data?.Columns ?? 0;

    /// <inheritdoc />
    public void Fit(FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Rows == 0) throw new ArgumentException("The reference set is empty.", nameof(data));
        ReleaseTensors();
        this.data = data;
        using var scope = NewDisposeScope();
        var x = TensorData.FromSpan<float>(data.Values, [data.Rows, data.Columns], Device);
        mean = x.mean([0], keepdim: true).DetachFromDisposeScope();
        reference = (x - mean).DetachFromDisposeScope();
        referenceNorms = reference.square().sum(1).DetachFromDisposeScope();
    }

    /// <inheritdoc />
    public NeighborResult Query(FeatureMatrix queries, int k, bool excludeSelf)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var fitted = data ?? throw new InvalidOperationException("The neighbour search is not fitted: call Fit first.");
        if (queries.Columns != fitted.Columns)
            throw new ArgumentException($"Queries have {queries.Columns} features but the search was fitted on {fitted.Columns}.", nameof(queries));
        if (excludeSelf && queries.Rows != fitted.Rows)
            throw new ArgumentException($"excludeSelf needs the fitted rows as queries ({fitted.Rows} rows), got {queries.Rows}.", nameof(queries));
        var candidates = fitted.Rows - (excludeSelf ? 1 : 0);
        if (k < 1 || k > candidates)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and {candidates}.");

        var shortlist = Math.Min(candidates, k + CandidateMargin);
        var distances = new double[queries.Rows * k];
        var indices = new int[queries.Rows * k];
        var blockRows = BlockRows(fitted.Rows);
        for (var start = 0; start < queries.Rows; start += blockRows)
        {
            var rows = Math.Min(blockRows, queries.Rows - start);
            var candidateIndices = Shortlist(queries, start, rows, shortlist, excludeSelf);
            Rerank(fitted, queries, start, rows, candidateIndices, shortlist, k, distances, indices);
        }
        return new NeighborResult(queries.Rows, k, distances, indices);
    }

    private long[] Shortlist(FeatureMatrix queries, int start, int rows, int shortlist, bool excludeSelf)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var q = TensorData.FromSpan<float>(queries.Values.Slice(start * queries.Columns, rows * queries.Columns), [rows, queries.Columns], Device) - mean!;
        var qNorms = q.square().sum(1, keepdim: true);
        // d² = ||q||² + ||r||² − 2 q·rᵀ, one GEMM for the whole block.
        var d2 = qNorms.addmm(q, reference!.t(), beta: 1, alpha: -2).add_(referenceNorms!);
        if (excludeSelf)
        {
            // Row i of the block must not find reference row start + i: poison that entry in place.
            var n = reference.shape[0];
            var diagonal = arange(0L, rows, dtype: ScalarType.Int64, device: Device) * (n + 1) + start;
            d2.view(-1).index_fill_(0, diagonal, double.PositiveInfinity);
        }
        var (_, idx) = d2.topk(shortlist, dim: 1, largest: false, sorted: false);
        return TensorData.ToArray<long>(idx);
    }

    private static void Rerank(FeatureMatrix fitted, FeatureMatrix queries, int start, int rows, long[] candidates, int shortlist, int k,
        double[] distances, int[] indices)
    {
        Parallel.For(0, rows, r =>
        {
            var q = queries.Row(start + r);
            var scored = new (double d, int i)[shortlist];
            for (var j = 0; j < shortlist; j++)
            {
                var index = (int)candidates[(r * shortlist) + j];
                var reference = fitted.Row(index);
                double sum = 0;
                for (var c = 0; c < q.Length; c++)
                {
                    double diff = (double)q[c] - reference[c];
                    sum += diff * diff;
                }
                scored[j] = (Math.Sqrt(sum), index);
            }
            Array.Sort(scored, (a, b) => a.d != b.d ? a.d.CompareTo(b.d) : a.i.CompareTo(b.i));
            var row = start + r;
            for (var j = 0; j < k; j++)
            {
                distances[(row * k) + j] = scored[j].d;
                indices[(row * k) + j] = scored[j].i;
            }
        });
    }

    private void ReleaseTensors()
    {
        reference?.Dispose();
        referenceNorms?.Dispose();
        mean?.Dispose();
        reference = referenceNorms = mean = null;
    }

    /// <summary>Frees the reference tensors.</summary>
    public void Dispose() => ReleaseTensors();
}
