using System.Runtime.InteropServices;
using ResNetTab.Engine.Tensors;
using static TorchSharp.torch;

namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// Exact k-NN search on the engine: blocked squared distances ‖q‖² + ‖r‖² − 2 q·rᵀ with the dot products as float32
/// GEMMs through TorchSharp (CPU or CUDA), a partial top-k shortlist per row, then an exact float64 re-rank.
/// </summary>
/// <remarks>
/// <para>On the CPU each GEMM block is scanned in place by a vectorised selection that only hands the few values
/// below a row's admission bound to its heap. Fit-time queries (<c>excludeSelf</c>) use the symmetry of the
/// distance matrix: only blocks on and above the diagonal are multiplied, and each block feeds both its rows and
/// its columns, which halves the arithmetic of LOF and k-NN fits. On CUDA the block's distances and a
/// <c>topk</c> shortlist are computed on the device.</para>
/// <para>Results equal <see cref="BruteForceNeighborSearch"/>'s: distances are exact float64 Euclidean distances
/// of the float32 inputs, ranked by (distance, index) so ties go to the smaller index, and a shortlist is only
/// used when its float32 error bound proves it holds the true k nearest; otherwise that row is searched again
/// with longer shortlists and, if need be, a full scan (this happens with many duplicate or equidistant rows).</para>
/// <para>Memory is the reference copy plus one block (<see cref="BlockSize"/>² floats on the CPU) and the
/// shortlists (k + <see cref="CandidateMargin"/> per query row); no n × n matrix is formed.</para>
/// </remarks>
public sealed class TensorNeighborSearch : INeighborSearch, IDisposable
{
    private FeatureMatrix? data;
    private Tensor? reference; // n × d, centred, on Device
    private Tensor? normRow;   // 1 × n squared norms of the centred references
    private float[] mean = [];
    private float[] norms = [];
    private float maxNorm;

    private readonly UsageGate gate = new(nameof(TensorNeighborSearch));
    private Device? device;
    private readonly object retryGate = new();
    private BruteForceNeighborSearch? retry; // the re-search of uncertified rows, fitted on first need

    /// <summary>Largest <see cref="BlockSize"/> accepted.</summary>
    public const int MaxBlockSize = 1 << 16;

    /// <summary>Largest <see cref="CandidateMargin"/> accepted.</summary>
    public const int MaxCandidateMargin = 1024;

    /// <summary>
    /// Device for the distance computation (default: CUDA when available, else CPU — asked on first use, so
    /// constructing the search never touches the engine).
    /// </summary>
    public Device Device { get => device ??= cuda.is_available() ? CUDA : CPU; init => device = value; }

    /// <summary>
    /// Rows and columns of one distance block (default 512 on the CPU, so a block of 1 MB stays in a core's
    /// cache between the GEMM and the selection). On CUDA it is the number of query rows per block, and null sizes
    /// blocks to about 256 MB of distances.
    /// </summary>
    public int? BlockSize { get; init => field = value is null ? null : BruteForceNeighborSearch.Bounded(value.Value, 1, MaxBlockSize, nameof(BlockSize)); }

    /// <summary>Former name of <see cref="BlockSize"/>, kept for callers of the first version.</summary>
    public int? QueryBlockSize { get => BlockSize; init => BlockSize = value; }

    /// <summary>Extra shortlisted candidates per row that are re-ranked with exact distances (default 8).</summary>
    public int CandidateMargin { get; init => field = BruteForceNeighborSearch.Bounded(value, 0, MaxCandidateMargin, nameof(CandidateMargin)); } = 8;

    /// <summary>Threads of the selection and re-rank (each worker runs its own single-threaded GEMMs); −1 = all processors.</summary>
    public int NJobs { get; init; } = -1;

    /// <summary>Rows whose shortlist could not be certified and were searched again exactly in the last query (a diagnostic for tests and benchmarks).</summary>
    internal int LastFallbackRows { get; private set; }

    /// <summary>Rows of the last query scanned in full after every shortlist failed (a diagnostic).</summary>
    internal int LastFullScanRows { get; private set; }

    /// <inheritdoc />
    public int SampleCount => data?.Rows ?? 0;

    /// <inheritdoc />
    public int FeatureCount => data?.Columns ?? 0;

    private bool OnCpu => Device.type == TorchSharp.DeviceType.CPU;

    /// <inheritdoc />
    /// <exception cref="TypeInitializationException">The application has no TorchSharp backend (libtorch).</exception>
    /// <exception cref="ObjectDisposedException">The search was disposed.</exception>
    public void Fit(FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Rows == 0) throw new ArgumentException("The reference set is empty.", nameof(data));
        using var alone = gate.Write();
        ReleaseTensors();
        retry = null;
        int n = data.Rows, d = data.Columns;
        var sum = new double[d];
        var x = data.Values;
        for (int i = 0; i < n; i++)
            for (int c = 0; c < d; c++) sum[c] += x[(i * d) + c];
        mean = new float[d];
        for (int c = 0; c < d; c++) mean[c] = (float)(sum[c] / n);
        var centred = Centre(x, n, d, out norms);
        maxNorm = norms.Max();
        reference = TensorData.FromSpan<float>(centred, [n, d], Device);
        normRow = TensorData.FromSpan<float>(norms, [1, n], Device);
        this.data = data;
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The search was disposed (a query running meanwhile finishes first).</exception>
    public NeighborResult Query(FeatureMatrix queries, int k, bool excludeSelf)
    {
        ArgumentNullException.ThrowIfNull(queries);
        using var use = gate.Read();
        var fitted = data ?? throw new InvalidOperationException("The neighbour search is not fitted: call Fit first.");
        if (queries.Columns != fitted.Columns)
            throw new ArgumentException($"Queries have {queries.Columns} features but the search was fitted on {fitted.Columns}.", nameof(queries));
        if (excludeSelf && queries.Rows != fitted.Rows)
            throw new ArgumentException($"excludeSelf needs the fitted rows as queries ({fitted.Rows} rows), got {queries.Rows}.", nameof(queries));
        var candidates = fitted.Rows - (excludeSelf ? 1 : 0);
        if (k < 1 || k > candidates)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and {candidates}.");

        int shortlist = Math.Min(candidates, k + Math.Max(0, CandidateMargin));
        using var noGrad = no_grad();
        float[] queryNorms;
        CandidateHeaps heaps;
        if (excludeSelf)
        {
            queryNorms = norms;
            heaps = OnCpu ? SymmetricShortlist(shortlist) : DeviceShortlist(reference!, norms, shortlist, excludeSelf: true);
        }
        else
        {
            var centred = Centre(queries.Values, queries.Rows, queries.Columns, out queryNorms);
            heaps = OnCpu ? CpuShortlist(centred, queryNorms, shortlist) : DeviceShortlistOf(centred, queryNorms, shortlist);
        }
        return Refine(fitted, excludeSelf ? fitted : queries, queryNorms, heaps, k, candidates, excludeSelf);
    }

    private CandidateHeaps CpuShortlist(float[] centred, float[] queryNorms, int shortlist)
    {
        int m = queryNorms.Length, n = norms.Length, d = FeatureCount, block = BlockSize ?? 512;
        var heaps = new CandidateHeaps(m, shortlist);
        // One query block per work item; each worker runs its own single-threaded GEMMs and scans them while hot.
        Parallel.For(0, (m + block - 1) / block, Parallelism.Options(NJobs), () => TorchThreads.One(), (b, _, threads) =>
        {
            int q0 = b * block, rows = Math.Min(block, m - q0);
            using var scope = NewDisposeScope();
            var q = TensorData.FromSpan<float>(centred.AsSpan(q0 * d, rows * d), [rows, d]);
            for (int r0 = 0; r0 < n; r0 += block)
            {
                int cols = Math.Min(block, n - r0);
                using var inner = NewDisposeScope();
                ScanRows(Partial(q, r0, cols), rows, cols, q0, r0, queryNorms, self: false, heaps);
            }
            return threads;
        }, threads => threads.Dispose());
        return heaps;
    }

    private CandidateHeaps SymmetricShortlist(int shortlist)
    {
        int n = norms.Length, block = BlockSize ?? 512, blocks = (n + block - 1) / block;
        var pairs = new List<(int I, int J)>();
        for (int i = 0; i < blocks; i++)
            for (int j = i; j < blocks; j++) pairs.Add((i * block, j * block));
        // Each worker keeps its own shortlists (a block feeds rows of two row blocks); they are merged at the end.
        var pool = new System.Collections.Concurrent.ConcurrentBag<CandidateHeaps>();
        Parallel.For(0, pairs.Count, Parallelism.Options(NJobs),
            () => (Heaps: pool.TryTake(out var h) ? h : new CandidateHeaps(n, shortlist), Threads: TorchThreads.One()),
            (p, _, local) =>
            {
                var (i0, j0) = pairs[p];
                int rows = Math.Min(block, n - i0), cols = Math.Min(block, n - j0);
                using var scope = NewDisposeScope();
                var dots = Partial(reference!.narrow(0, i0, rows), j0, cols);
                if (j0 == i0) ScanRows(dots, rows, cols, i0, j0, norms, self: true, local.Heaps);
                else ScanBoth(dots, rows, cols, i0, j0, local.Heaps);
                return local;
            },
            local =>
            {
                local.Threads.Dispose();
                pool.Add(local.Heaps);
            });
        var all = pool.ToArray();
        for (int h = 1; h < all.Length; h++) all[0].Merge(all[h]);
        return all[0];
    }

    /// <summary>‖r‖² − 2 q·r for the queries <paramref name="q"/> and references <paramref name="r0"/> … + <paramref name="cols"/>: one GEMM.</summary>
    private Tensor Partial(Tensor q, int r0, int cols) =>
        normRow!.narrow(1, r0, cols).addmm(q, reference!.narrow(0, r0, cols).t(), beta: 1, alpha: -2);

    private unsafe void ScanRows(Tensor partial, int rows, int cols, int q0, int r0, float[] queryNorms, bool self, CandidateHeaps heaps)
    {
        fixed (float* dp = MemoryMarshal.Cast<byte, float>(partial.bytes))
        {
            for (int r = 0; r < rows; r++)
            {
                int query = q0 + r;
                ShortlistScan.Row(dp + ((long)r * cols), cols, r0, queryNorms[query], queryNorms[query], query, self ? query : -1, heaps);
            }
        }
    }

    private unsafe void ScanBoth(Tensor partial, int rows, int cols, int i0, int j0, CandidateHeaps heaps)
    {
        // Rows i0… take columns j0… as candidates, and columns j0… take rows i0….
        fixed (float* dp = MemoryMarshal.Cast<byte, float>(partial.bytes), np = norms)
        {
            for (int r = 0; r < rows; r++)
                ShortlistScan.Row(dp + ((long)r * cols), cols, j0, np[i0 + r], np[i0 + r], i0 + r, -1, heaps);
            for (int c0 = 0; c0 < cols; c0 += 64)
                ShortlistScan.Columns(dp, cols, np + i0, rows, i0, c0, Math.Min(cols, c0 + 64), j0, heaps);
        }
    }

    private CandidateHeaps DeviceShortlistOf(float[] centred, float[] queryNorms, int shortlist)
    {
        using var q = TensorData.FromSpan<float>(centred, [queryNorms.Length, FeatureCount], Device);
        return DeviceShortlist(q, queryNorms, shortlist, excludeSelf: false);
    }

    private CandidateHeaps DeviceShortlist(Tensor queries, float[] queryNorms, int shortlist, bool excludeSelf)
    {
        int m = queryNorms.Length, n = norms.Length;
        int block = BlockSize ?? Math.Clamp((256 << 20) / (sizeof(float) * Math.Max(1, n)), 16, 65536);
        var heaps = new CandidateHeaps(m, shortlist);
        using var scope = NewDisposeScope();
        var refNorms = TensorData.FromSpan<float>(norms, [1, n], Device);
        var qn = TensorData.FromSpan<float>(queryNorms, [m, 1], Device);
        for (int start = 0; start < m; start += block)
        {
            int rows = Math.Min(block, m - start);
            using var inner = NewDisposeScope();
            var d2 = qn.narrow(0, start, rows).addmm(queries.narrow(0, start, rows), reference!.t(), beta: 1, alpha: -2).add_(refNorms);
            if (excludeSelf)
            {
                var diagonal = arange(0L, rows, dtype: ScalarType.Int64, device: Device) * (n + 1) + start;
                d2.view(-1).index_fill_(0, diagonal, double.PositiveInfinity);
            }
            var (values, idx) = d2.topk(shortlist, dim: 1, largest: false, sorted: true);
            var v = TensorData.ToArray<float>(values);
            var ix = TensorData.ToArray<long>(idx);
            // Sorted ascending: the last slot is the largest held value, which the heap layout keeps in slot 0.
            for (int r = 0; r < rows; r++)
            {
                int row = start + r, off = row * shortlist, src = r * shortlist;
                heaps.Counts[row] = shortlist;
                heaps.Distances[off] = v[src + shortlist - 1];
                heaps.Indices[off] = (int)ix[src + shortlist - 1];
                for (int j = 1; j < shortlist; j++)
                {
                    heaps.Distances[off + j] = v[src + j - 1];
                    heaps.Indices[off + j] = (int)ix[src + j - 1];
                }
            }
        }
        return heaps;
    }

    private NeighborResult Refine(FeatureMatrix fitted, FeatureMatrix queries, float[] queryNorms, CandidateHeaps heaps, int k,
        int candidates, bool excludeSelf)
    {
        int m = queries.Rows, d = fitted.Columns, cap = heaps.Capacity;
        var distances = new double[m * k];
        var indices = new int[m * k];
        var fallback = new System.Collections.Concurrent.ConcurrentBag<(int Row, double KthUpper)>();
        Parallel.For(0, (m + 255) / 256, Parallelism.Options(NJobs), chunk =>
        {
            var exact = new double[cap];
            var order = new int[cap];
            for (int row = chunk * 256, end = Math.Min(m, row + 256); row < end; row++)
            {
                int count = heaps.Counts[row];
                bool complete = count >= candidates;
                if (!ExactRerank.TryRefine(fitted, queries.Row(row), heaps.Indices.AsSpan(row * cap, count), count, complete,
                        complete ? 0 : heaps.Largest(row), queryNorms[row], maxNorm, k, row, distances, indices, exact, order, out double kth))
                    fallback.Add((row, kth));
            }
        });
        var pending = fallback.ToList();
        LastFallbackRows = pending.Count;
        // Uncertified rows (ties beyond the shortlist) go to the managed search's longer shortlists, then a full scan.
        LastFullScanRows = pending.Count == 0 ? 0 : Managed(fitted).Retry(queries, pending, k, excludeSelf, cap, distances, indices);
        return new NeighborResult(m, k, distances, indices);
    }

    private BruteForceNeighborSearch Managed(FeatureMatrix fitted)
    {
        lock (retryGate)
        {
            if (retry is null)
            {
                var search = new BruteForceNeighborSearch { NJobs = NJobs };
                search.Fit(fitted);
                retry = search;
            }
            return retry;
        }
    }

    private float[] Centre(ReadOnlySpan<float> x, int rows, int d, out float[] rowNorms)
    {
        var centred = new float[rows * d];
        rowNorms = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            double norm = 0;
            for (int c = 0; c < d; c++)
            {
                float v = x[(i * d) + c] - mean[c];
                centred[(i * d) + c] = v;
                norm += (double)v * v;
            }
            rowNorms[i] = (float)norm;
        }
        return centred;
    }

    private void ReleaseTensors()
    {
        reference?.Dispose();
        normRow?.Dispose();
        reference = normRow = null;
    }

    /// <summary>Frees the reference tensor once running queries have finished; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => gate.Close(ReleaseTensors);
}
