using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// Exact managed k-NN search: blocked squared-Euclidean distances through ||q||² + ||r||² − 2 q·r with a
/// register-blocked SIMD kernel, a bounded heap per query row, and parallelism over query blocks.
/// </summary>
/// <remarks>
/// <para>Memory is the packed reference copy (n × d floats) plus per-block scratch; no n × n matrix is formed.</para>
/// <para>Accuracy: data are centred on the reference mean before the decomposition to limit float cancellation;
/// the kernel only shortlists <c>k + CandidateMargin</c> candidates per row, whose distances are then recomputed
/// directly in float64 and re-ranked (ties by smaller index). The returned distances are therefore exact
/// float64 Euclidean distances of the float32 inputs. A shortlist is only used when the float32 error bound proves
/// that no rejected row can reach the k-th place; rows with many equidistant candidates (duplicates, integer
/// grids) are searched again with longer shortlists and, if need be, a full scan, so ties are always resolved by index.</para>
/// </remarks>
public sealed class BruteForceNeighborSearch : INeighborSearch
{
    private const int Panel = 16; // reference rows per packed panel = two Vector256<float>
    private const int Rows = 4;   // query rows per micro-kernel call

    private FeatureMatrix? _data;
    private float[] _packed = [];
    private float[] _norms = [];
    private float[] _mean = [];
    private int _panels;
    private float _maxNorm;

    /// <summary>Query rows processed per parallel work item (default 128).</summary>
    public int QueryBlockSize { get; init => field = Bounded(value, 1, 1 << 16, nameof(QueryBlockSize)); } = 128;

    /// <summary>Reference rows per cache block (default 512; rounded up to a multiple of 16).</summary>
    public int ReferenceBlockSize { get; init => field = Bounded(value, 1, 1 << 20, nameof(ReferenceBlockSize)); } = 512;

    /// <summary>Extra shortlisted candidates per row that are re-ranked with exact distances (default 4).</summary>
    public int CandidateMargin { get; init => field = Bounded(value, 0, 1024, nameof(CandidateMargin)); } = 4;

    /// <summary>Checks a size option against its bounds.</summary>
    internal static int Bounded(int value, int min, int max, string name) =>
        value >= min && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{name} must be between {min:N0} and {max:N0}.");

    /// <summary>Threads (<c>n_jobs</c>): −1 = all processors.</summary>
    public int NJobs { get; init; } = -1;

    /// <summary>
    /// Use the 8-row kernel (16 vector accumulators; default when AVX-512 provides 32 vector registers) instead
    /// of the 4-row kernel that suits 16-register machines. Both give identical results.
    /// </summary>
    public bool UseWideKernel { get; init; }

    /// <summary>Rows whose shortlist could not be certified and were searched again exactly in the last query (a diagnostic for tests and benchmarks).</summary>
    internal int LastFallbackRows { get; private set; }

    /// <inheritdoc />
    public int SampleCount => _data?.Rows ?? 0;

    /// <inheritdoc />
    public int FeatureCount => _data?.Columns ?? 0;

    /// <inheritdoc />
    public void Fit(FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Rows == 0) throw new ArgumentException("The reference set is empty.", nameof(data));
        int n = data.Rows, d = data.Columns;
        float[] x = data.Buffer;
        var mean = new double[d];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) mean[k] += x[(i * d) + k];
        _mean = new float[d];
        for (int k = 0; k < d; k++) _mean[k] = (float)(mean[k] / n);

        _panels = (n + Panel - 1) / Panel;
        _packed = new float[_panels * d * Panel];
        _norms = new float[_panels * Panel];
        for (int i = 0; i < n; i++)
        {
            int p = i / Panel, c = i % Panel, baseOff = p * d * Panel;
            double norm = 0;
            for (int k = 0; k < d; k++)
            {
                float v = x[(i * d) + k] - _mean[k];
                _packed[baseOff + (k * Panel) + c] = v;
                norm += (double)v * v;
            }
            _norms[i] = (float)norm;
        }
        // Padding rows never qualify: their distance is +inf and they are skipped by index.
        for (int i = n; i < _norms.Length; i++) _norms[i] = float.PositiveInfinity;
        _maxNorm = n == 0 ? 0 : _norms.AsSpan(0, n).ToArray().Max();
        _data = data;
    }

    /// <inheritdoc />
    public NeighborResult Query(FeatureMatrix queries, int k, bool excludeSelf)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var data = _data ?? throw new InvalidOperationException("The neighbour search is not fitted; call Fit first.");
        int n = data.Rows, d = data.Columns, m = queries.Rows;
        if (queries.Columns != d)
            throw new ArgumentException($"Queries have {queries.Columns} features, the reference set has {d}.", nameof(queries));
        if (excludeSelf && m != n)
            throw new ArgumentException("excludeSelf requires the queries to be the fitted rows.", nameof(queries));
        int available = excludeSelf ? n - 1 : n;
        if (k < 1 || k > available)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in [1, {available}] for {n} reference rows.");
        int kc = Math.Min(available, k + Math.Max(0, CandidateMargin));
        var distances = new double[m * k];
        var indices = new int[m * k];
        var (qc, qn) = Centre(queries, null);
        var pending = Pass(data, queries, qc, qn, null, excludeSelf, k, kc, available, distances, indices);
        LastFallbackRows = pending.Count;
        LastFullScanRows = Retry(queries, pending, k, excludeSelf, kc, distances, indices);
        return new NeighborResult(m, k, distances, indices);
    }

    /// <summary>
    /// Longer-shortlist passes before the full scan: one (measured on duplicate-heavy sets, more rounds cost more
    /// than they save when a tie holds thousands of rows).
    /// </summary>
    private const int RetryRounds = 1;

    /// <summary>Rows of the last query that no shortlist could certify and were scanned in full (a diagnostic).</summary>
    internal int LastFullScanRows { get; private set; }

    /// <summary>
    /// Searches the rows of <paramref name="pending"/> again with shortlists four times longer (<see cref="RetryRounds"/>)
    /// (a tie-aware stop: a row with more than k + margin rows tied at its k-th distance is certified once its
    /// shortlist holds the whole tie), and scans the rows still uncertified in full. Returns how many were scanned.
    /// </summary>
    internal int Retry(FeatureMatrix queries, List<(int Row, double KthUpper)> pending, int k, bool excludeSelf, int shortlist,
        double[] distances, int[] indices)
    {
        var data = _data!;
        int available = excludeSelf ? data.Rows - 1 : data.Rows, cap = shortlist;
        for (int round = 0; round < RetryRounds && pending.Count > 0 && cap < available; round++)
        {
            cap = (int)Math.Min(available, (long)cap * 4);
            var rows = pending.Select(p => p.Row).Order().ToArray();
            var (qc, qn) = Centre(queries, rows);
            pending = Pass(data, queries, qc, qn, rows, excludeSelf, k, cap, available, distances, indices);
        }
        Parallel.ForEach(pending, Parallelism.Options(NJobs), f =>
            ExactRerank.FullScan(data, queries.Row(f.Row), excludeSelf ? f.Row : -1, k, f.KthUpper, f.Row, distances, indices));
        return pending.Count;
    }

    /// <summary>The query rows <paramref name="rows"/> (all when null) centred like the references, and their squared norms.</summary>
    private (float[] Centred, float[] Norms) Centre(FeatureMatrix queries, int[]? rows)
    {
        int d = queries.Columns, m = rows?.Length ?? queries.Rows;
        var qc = new float[m * d];
        var qn = new float[m];
        for (int i = 0; i < m; i++)
        {
            var q = queries.Row(rows is null ? i : rows[i]);
            double norm = 0;
            for (int c = 0; c < d; c++)
            {
                float v = q[c] - _mean[c];
                qc[(i * d) + c] = v;
                norm += (double)v * v;
            }
            qn[i] = (float)norm;
        }
        return (qc, qn);
    }

    /// <summary>
    /// One blocked pass with shortlists of <paramref name="kc"/> for the centred rows <paramref name="qc"/> (query rows
    /// <paramref name="rows"/>, all when null); writes the certified rows and returns the others.
    /// </summary>
    private List<(int Row, double KthUpper)> Pass(FeatureMatrix data, FeatureMatrix queries, float[] qc, float[] qn, int[]? rows,
        bool excludeSelf, int k, int kc, int available, double[] distances, int[] indices)
    {
        int n = data.Rows, d = data.Columns, m = qn.Length;
        int qb = Math.Max(Rows, QueryBlockSize / Rows * Rows);
        int rbPanels = Math.Max(1, (ReferenceBlockSize + Panel - 1) / Panel);
        int blocks = (m + qb - 1) / qb;
        var fallback = new System.Collections.Concurrent.ConcurrentBag<(int Row, double KthUpper)>();
        Parallel.For(0, blocks, Parallelism.Options(NJobs), b =>
        {
            int start = b * qb, end = Math.Min(m, start + qb), count = end - start;
            var heapDist = new float[count * kc];
            var heapIdx = new int[count * kc];
            var counts = new int[count];
            var bound = new float[count];
            Array.Fill(bound, float.PositiveInfinity);
            if (UseWideKernel)
                SearchBlock8(qc, qn, d, n, start, end, excludeSelf, rows, rbPanels, kc, heapDist, heapIdx, counts, bound);
            else
                SearchBlock(qc, qn, d, n, start, end, excludeSelf, rows, rbPanels, kc, heapDist, heapIdx, counts, bound);
            Refine(data, queries, qn, rows, start, count, kc, k, available, heapDist, heapIdx, counts, distances, indices, fallback);
        });
        return [.. fallback];
    }

    /// <summary>The reference row query row <paramref name="local"/> must skip (−1 for none).</summary>
    private static int Skip(int[]? rows, int local, bool excludeSelf) => !excludeSelf ? -1 : rows is null ? local : rows[local];

    private unsafe void SearchBlock8(float[] qc, float[] qn, int d, int n, int start, int end, bool excludeSelf, int[]? rows,
        int rbPanels, int kc, float[] heapDist, int[] heapIdx, int[] counts, float[] bound)
    {
        // 8 query rows × 16 references: 16 accumulators, which fit the 32 vector registers of AVX-512 machines.
        const int R = 8;
        var a = stackalloc float*[R];
        fixed (float* qp = qc, pp = _packed, np = _norms)
        {
            for (int p0 = 0; p0 < _panels; p0 += rbPanels)
            {
                int p1 = Math.Min(_panels, p0 + rbPanels);
                for (int r0 = start; r0 < end; r0 += R)
                {
                    int last = end - 1, valid = Math.Min(R, end - r0);
                    for (int r = 0; r < R; r++) a[r] = qp + ((long)Math.Min(r0 + r, last) * d);
                    float* a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7];
                    for (int p = p0; p < p1; p++)
                    {
                        float* b = pp + ((long)p * d * Panel);
                        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default,
                            c6 = default, c7 = default, e0 = default, e1 = default, e2 = default, e3 = default, e4 = default,
                            e5 = default, e6 = default, e7 = default;
                        for (int k = 0; k < d; k++, b += Panel)
                        {
                            var b0 = Vector256.Load(b);
                            var b1 = Vector256.Load(b + 8);
                            var x = Vector256.Create(a0[k]); c0 = MultiplyAdd(x, b0, c0); e0 = MultiplyAdd(x, b1, e0);
                            x = Vector256.Create(a1[k]); c1 = MultiplyAdd(x, b0, c1); e1 = MultiplyAdd(x, b1, e1);
                            x = Vector256.Create(a2[k]); c2 = MultiplyAdd(x, b0, c2); e2 = MultiplyAdd(x, b1, e2);
                            x = Vector256.Create(a3[k]); c3 = MultiplyAdd(x, b0, c3); e3 = MultiplyAdd(x, b1, e3);
                            x = Vector256.Create(a4[k]); c4 = MultiplyAdd(x, b0, c4); e4 = MultiplyAdd(x, b1, e4);
                            x = Vector256.Create(a5[k]); c5 = MultiplyAdd(x, b0, c5); e5 = MultiplyAdd(x, b1, e5);
                            x = Vector256.Create(a6[k]); c6 = MultiplyAdd(x, b0, c6); e6 = MultiplyAdd(x, b1, e6);
                            x = Vector256.Create(a7[k]); c7 = MultiplyAdd(x, b0, c7); e7 = MultiplyAdd(x, b1, e7);
                        }
                        var rn0 = Vector256.Load(np + (p * Panel));
                        var rn1 = Vector256.Load(np + (p * Panel) + 8);
                        int slot = r0 - start;
                        Select(c0, e0, rn0, rn1, qn[r0], p, slot, Skip(rows, r0, excludeSelf), n, kc, heapDist, heapIdx, counts, bound);
                        if (valid > 1) Select(c1, e1, rn0, rn1, qn[r0 + 1], p, slot + 1, Skip(rows, r0 + 1, excludeSelf), n, kc, heapDist, heapIdx, counts, bound);
                        if (valid > 2) Select(c2, e2, rn0, rn1, qn[r0 + 2], p, slot + 2, Skip(rows, r0 + 2, excludeSelf), n, kc, heapDist, heapIdx, counts, bound);
                        if (valid > 3) Select(c3, e3, rn0, rn1, qn[r0 + 3], p, slot + 3, Skip(rows, r0 + 3, excludeSelf), n, kc, heapDist, heapIdx, counts, bound);
                        if (valid > 4) Select(c4, e4, rn0, rn1, qn[r0 + 4], p, slot + 4, Skip(rows, r0 + 4, excludeSelf), n, kc, heapDist, heapIdx, counts, bound);
                        if (valid > 5) Select(c5, e5, rn0, rn1, qn[r0 + 5], p, slot + 5, Skip(rows, r0 + 5, excludeSelf), n, kc, heapDist, heapIdx, counts, bound);
                        if (valid > 6) Select(c6, e6, rn0, rn1, qn[r0 + 6], p, slot + 6, Skip(rows, r0 + 6, excludeSelf), n, kc, heapDist, heapIdx, counts, bound);
                        if (valid > 7) Select(c7, e7, rn0, rn1, qn[r0 + 7], p, slot + 7, Skip(rows, r0 + 7, excludeSelf), n, kc, heapDist, heapIdx, counts, bound);
                    }
                }
            }
        }
    }

    private unsafe void SearchBlock(float[] qc, float[] qn, int d, int n, int start, int end, bool excludeSelf, int[]? rows,
        int rbPanels, int kc, float[] heapDist, int[] heapIdx, int[] counts, float[] bound)
    {
        fixed (float* qp = qc, pp = _packed, np = _norms)
        {
            for (int p0 = 0; p0 < _panels; p0 += rbPanels)
            {
                int p1 = Math.Min(_panels, p0 + rbPanels);
                for (int r0 = start; r0 < end; r0 += Rows)
                {
                    // Rows past the block end reuse the last row; their results are ignored.
                    int last = end - 1;
                    float* a0 = qp + ((long)r0 * d);
                    float* a1 = qp + ((long)Math.Min(r0 + 1, last) * d);
                    float* a2 = qp + ((long)Math.Min(r0 + 2, last) * d);
                    float* a3 = qp + ((long)Math.Min(r0 + 3, last) * d);
                    int valid = Math.Min(Rows, end - r0);
                    for (int p = p0; p < p1; p++)
                    {
                        float* bp = pp + ((long)p * d * Panel);
                        Kernel(a0, a1, a2, a3, bp, d, out var c00, out var c01, out var c10, out var c11,
                            out var c20, out var c21, out var c30, out var c31);
                        var rn0 = Vector256.Load(np + (p * Panel));
                        var rn1 = Vector256.Load(np + (p * Panel) + 8);
                        int slot = r0 - start;
                        Select(c00, c01, rn0, rn1, qn[r0], p, slot, Skip(rows, r0, excludeSelf), n, kc, heapDist, heapIdx, counts, bound);
                        if (valid > 1) Select(c10, c11, rn0, rn1, qn[r0 + 1], p, slot + 1, Skip(rows, r0 + 1, excludeSelf), n, kc, heapDist, heapIdx, counts, bound);
                        if (valid > 2) Select(c20, c21, rn0, rn1, qn[r0 + 2], p, slot + 2, Skip(rows, r0 + 2, excludeSelf), n, kc, heapDist, heapIdx, counts, bound);
                        if (valid > 3) Select(c30, c31, rn0, rn1, qn[r0 + 3], p, slot + 3, Skip(rows, r0 + 3, excludeSelf), n, kc, heapDist, heapIdx, counts, bound);
                    }
                }
            }
        }
    }

    /// <summary>Dot products of 4 query rows with the 16 reference rows of one packed panel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Kernel(float* a0, float* a1, float* a2, float* a3, float* b, int d,
        out Vector256<float> c00, out Vector256<float> c01, out Vector256<float> c10, out Vector256<float> c11,
        out Vector256<float> c20, out Vector256<float> c21, out Vector256<float> c30, out Vector256<float> c31)
    {
        c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector256<float>.Zero;
        for (int k = 0; k < d; k++, b += Panel)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var x = Vector256.Create(a0[k]);
            c00 = MultiplyAdd(x, b0, c00);
            c01 = MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a1[k]);
            c10 = MultiplyAdd(x, b0, c10);
            c11 = MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a2[k]);
            c20 = MultiplyAdd(x, b0, c20);
            c21 = MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a3[k]);
            c30 = MultiplyAdd(x, b0, c30);
            c31 = MultiplyAdd(x, b1, c31);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Select(Vector256<float> dot0, Vector256<float> dot1, Vector256<float> rn0, Vector256<float> rn1,
        float qnorm, int panel, int slot, int skip, int n, int kc,
        float[] heapDist, int[] heapIdx, int[] counts, float[] bound)
    {
        var qv = Vector256.Create(qnorm);
        var m2 = Vector256.Create(-2f);
        var d0 = MultiplyAdd(m2, dot0, qv + rn0);
        var d1 = MultiplyAdd(m2, dot1, qv + rn1);
        var limit = Vector256.Create(bound[slot]);
        uint mask = Vector256.LessThanOrEqual(d0, limit).ExtractMostSignificantBits()
                    | (Vector256.LessThanOrEqual(d1, limit).ExtractMostSignificantBits() << 8);
        if (mask == 0) return;
        var dist = heapDist.AsSpan(slot * kc, kc);
        var idx = heapIdx.AsSpan(slot * kc, kc);
        int baseIndex = panel * Panel;
        while (mask != 0)
        {
            int bit = System.Numerics.BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            int j = baseIndex + bit;
            if (j >= n || j == skip) continue;
            float dv = bit < 8 ? d0.GetElement(bit) : d1.GetElement(bit - 8);
            if (dv > bound[slot]) continue;
            bound[slot] = BoundedMaxHeap.Push(dist, idx, ref counts[slot], Math.Max(dv, 0f), j);
        }
    }

    /// <summary>
    /// Recomputes the shortlisted distances in float64, re-ranks them and keeps the k nearest; rows whose
    /// shortlist the float32 error bound cannot certify go to <paramref name="fallback"/> for an exact scan.
    /// </summary>
    private void Refine(FeatureMatrix data, FeatureMatrix queries, float[] qn, int[]? rowIds, int start, int rows, int kc, int k, int available,
        float[] heapDist, int[] heapIdx, int[] counts, double[] distances, int[] indices,
        System.Collections.Concurrent.ConcurrentBag<(int Row, double KthUpper)> fallback)
    {
        var exact = new double[kc];
        var order = new int[kc];
        for (int s = 0; s < rows; s++)
        {
            int local = start + s, row = rowIds is null ? local : rowIds[local], count = counts[s];
            bool complete = count >= available;
            if (!ExactRerank.TryRefine(data, queries.Row(row), heapIdx.AsSpan(s * kc, count), count, complete,
                    complete ? 0 : heapDist[s * kc], qn[local], _maxNorm, k, row, distances, indices, exact, order, out double kth))
                fallback.Add((row, kth));
        }
    }
}
