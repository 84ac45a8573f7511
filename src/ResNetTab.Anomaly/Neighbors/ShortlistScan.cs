using System.Numerics;
using System.Runtime.Intrinsics;

namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// Partial top-k selection over one block of partial distances. The GEMM already produced
/// <c>p = ‖r‖² − 2 q·r</c> for every (query row, reference column), so a row's approximate squared distance is
/// <c>‖q‖² + p</c>. The scan compares 16 (or 8) values at a time with the row's admission bound, loosened by a
/// slack that covers the rounding of the comparison, and only the few values that pass are formed exactly and
/// offered to the row's heap. Every offered value is the same float expression whichever loop reaches it, so
/// equal rows give bit-identical distances and ties stay ordered by index.
/// </summary>
internal static unsafe class ShortlistScan
{
    /// <summary>Relative slack of the vector pre-filter (far above float rounding, far below neighbour gaps).</summary>
    private const float Slack = 1.0f / (1 << 18);

    /// <summary>
    /// Offers query <paramref name="query"/> (one row of the block) the reference columns
    /// <paramref name="firstColumn"/> … + <paramref name="columns"/>.
    /// </summary>
    /// <param name="partial">The query's partial distances ‖r‖² − 2 q·r to the block's columns.</param>
    /// <param name="columns">Columns in the block.</param>
    /// <param name="firstColumn">Reference index of the block's first column.</param>
    /// <param name="queryNorm">Squared norm of the query.</param>
    /// <param name="scale">Squared norm of the query (sizes the slack: the rounding of the comparison scales with it and the bound, not with the largest norm of the set).</param>
    /// <param name="query">Heap row of the query.</param>
    /// <param name="self">Reference index the query must skip (−1 for none).</param>
    /// <param name="heaps">Shortlists.</param>
    public static void Row(float* partial, int columns, int firstColumn, float queryNorm, float scale, int query, int self, CandidateHeaps heaps)
    {
        float bound = heaps.Bounds[query];
        float limit = Limit(bound, queryNorm, scale);
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j + 16 <= columns; j += 16)
            {
                ulong mask = Vector512.LessThanOrEqual(Vector512.Load(partial + j), Vector512.Create(limit)).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    int b = BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    if (Offer(heaps, query, queryNorm + partial[j + b], firstColumn + j + b, self, ref bound))
                        limit = Limit(bound, queryNorm, scale);
                }
            }
        }
        for (; j + 8 <= columns; j += 8)
        {
            uint mask = Vector256.LessThanOrEqual(Vector256.Load(partial + j), Vector256.Create(limit)).ExtractMostSignificantBits();
            while (mask != 0)
            {
                int b = BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                if (Offer(heaps, query, queryNorm + partial[j + b], firstColumn + j + b, self, ref bound))
                    limit = Limit(bound, queryNorm, scale);
            }
        }
        for (; j < columns; j++)
        {
            if (partial[j] <= limit && Offer(heaps, query, queryNorm + partial[j], firstColumn + j, self, ref bound))
                limit = Limit(bound, queryNorm, scale);
        }
    }

    /// <summary>
    /// Symmetric search: offers every column of the block (references <paramref name="firstColumn"/> …, themselves
    /// queries) the block's rows (references <paramref name="firstRow"/> …). With queries equal to references, the
    /// distance of column j to row i is ‖rᵢ‖² + p[i, j], the same expression the row scan forms for (i, j).
    /// </summary>
    /// <param name="partial">Row-major block of partial distances, <paramref name="stride"/> floats per row.</param>
    /// <param name="stride">Floats per block row.</param>
    /// <param name="rowNorms">Squared norms of the block's rows.</param>
    /// <param name="rows">Rows in the block.</param>
    /// <param name="firstRow">Reference index of the block's first row.</param>
    /// <param name="column0">First block column to process.</param>
    /// <param name="column1">End of the block columns to process.</param>
    /// <param name="firstColumn">Reference index of the block's first column.</param>
    /// <param name="heaps">Shortlists, indexed by reference row.</param>
    public static void Columns(float* partial, int stride, float* rowNorms, int rows, int firstRow, int column0, int column1,
        int firstColumn, CandidateHeaps heaps)
    {
        int c = column0;
        fixed (float* bounds = heaps.Bounds)
        {
            for (; c + 8 <= column1; c += 8)
            {
                // limit = bound + slack·(|bound| + ‖rᵢ‖²) − ‖rᵢ‖², per column: the rounding of the comparison scales
                // with the bound and this row's norm only.
                var loose = LooseBounds(bounds + firstColumn + c);
                for (int i = 0; i < rows; i++)
                {
                    var p = Vector256.Load(partial + ((long)i * stride) + c);
                    uint mask = Vector256.LessThanOrEqual(p, loose - Vector256.Create(rowNorms[i] * (1 - Slack))).ExtractMostSignificantBits();
                    if (mask == 0) continue;
                    while (mask != 0)
                    {
                        int b = BitOperations.TrailingZeroCount(mask);
                        mask &= mask - 1;
                        int query = firstColumn + c + b;
                        float v = rowNorms[i] + p.GetElement(b);
                        if (v <= bounds[query]) heaps.Push(query, v, firstRow + i);
                    }
                    loose = LooseBounds(bounds + firstColumn + c);
                }
            }
            for (; c < column1; c++)
            {
                int query = firstColumn + c;
                for (int i = 0; i < rows; i++)
                {
                    float v = rowNorms[i] + partial[((long)i * stride) + c];
                    if (v <= bounds[query]) heaps.Push(query, v, firstRow + i);
                }
            }
        }
    }

    private static Vector256<float> LooseBounds(float* bounds)
    {
        var b = Vector256.Load(bounds);
        return b + (Vector256.Abs(b) * Vector256.Create(Slack));
    }

    private static float Limit(float bound, float queryNorm, float scale) =>
        bound - queryNorm + (Slack * (MathF.Abs(bound) + (3 * scale)));

    /// <summary>Offers an exact candidate value; returns true when the row's bound changed.</summary>
    private static bool Offer(CandidateHeaps heaps, int query, float value, int index, int self, ref float bound)
    {
        if (index == self || value > bound) return false;
        heaps.Push(query, value, index);
        float fresh = heaps.Bounds[query];
        bool changed = fresh != bound;
        bound = fresh;
        return changed;
    }
}
