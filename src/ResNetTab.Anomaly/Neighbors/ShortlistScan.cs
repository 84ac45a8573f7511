using System.Numerics;
using System.Runtime.Intrinsics;

namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// Partial top-k selection over one block of dot products: the approximate squared distance
/// ‖q‖² + ‖r‖² − 2 q·r is formed eight values at a time and compared with each row's admission bound, so only
/// the few values that can enter a shortlist reach its heap. Every value is computed by the same fused
/// expression whichever loop forms it, so equal rows give bit-identical distances and ties stay ordered by index.
/// </summary>
internal static unsafe class ShortlistScan
{
    /// <summary>
    /// Offers query <paramref name="query"/> (one row of the block) the reference columns
    /// <paramref name="firstColumn"/> … + <paramref name="columns"/>.
    /// </summary>
    /// <param name="dots">The query's dot products with the block's columns.</param>
    /// <param name="columnNorms">Squared norms of the block's reference rows.</param>
    /// <param name="columns">Columns in the block.</param>
    /// <param name="firstColumn">Reference index of the block's first column.</param>
    /// <param name="queryNorm">Squared norm of the query.</param>
    /// <param name="query">Heap row of the query.</param>
    /// <param name="self">Reference index the query must skip (−1 for none).</param>
    /// <param name="heaps">Shortlists.</param>
    public static void Row(float* dots, float* columnNorms, int columns, int firstColumn, float queryNorm, int query,
        int self, CandidateHeaps heaps)
    {
        var qn = Vector256.Create(queryNorm);
        var minusTwo = Vector256.Create(-2f);
        float bound = heaps.Bounds[query];
        int j = 0;
        for (; j + 8 <= columns; j += 8)
        {
            var v = Vector256.FusedMultiplyAdd(minusTwo, Vector256.Load(dots + j), Vector256.Load(columnNorms + j) + qn);
            uint mask = Vector256.LessThanOrEqual(v, Vector256.Create(bound)).ExtractMostSignificantBits();
            while (mask != 0)
            {
                int b = BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                int index = firstColumn + j + b;
                if (index == self) continue;
                heaps.Push(query, v.GetElement(b), index);
                bound = heaps.Bounds[query];
            }
        }
        for (; j < columns; j++)
        {
            float v = Distance(dots[j], columnNorms[j], queryNorm);
            int index = firstColumn + j;
            if (v <= bound && index != self)
            {
                heaps.Push(query, v, index);
                bound = heaps.Bounds[query];
            }
        }
    }

    /// <summary>
    /// Offers every column of the block (references <paramref name="firstColumn"/> …, themselves queries of the
    /// symmetric fit-time search) the block's rows (references <paramref name="firstRow"/> …) as candidates.
    /// </summary>
    /// <param name="dots">Row-major block of dot products, <paramref name="stride"/> floats per row.</param>
    /// <param name="stride">Floats per block row.</param>
    /// <param name="rowNorms">Squared norms of the block's rows.</param>
    /// <param name="rows">Rows in the block.</param>
    /// <param name="firstRow">Reference index of the block's first row.</param>
    /// <param name="columnNorms">Squared norms of the block's columns (from <paramref name="column0"/>).</param>
    /// <param name="column0">First block column to process.</param>
    /// <param name="column1">End of the block columns to process.</param>
    /// <param name="firstColumn">Reference index of the block's first column.</param>
    /// <param name="heaps">Shortlists, indexed by reference row.</param>
    public static void Columns(float* dots, int stride, float* rowNorms, int rows, int firstRow, float* columnNorms,
        int column0, int column1, int firstColumn, CandidateHeaps heaps)
    {
        var minusTwo = Vector256.Create(-2f);
        int c = column0;
        fixed (float* bounds = heaps.Bounds)
        {
            for (; c + 8 <= column1; c += 8)
            {
                var cn = Vector256.Load(columnNorms + c);
                var bound = Vector256.Load(bounds + firstColumn + c);
                for (int i = 0; i < rows; i++)
                {
                    var v = Vector256.FusedMultiplyAdd(minusTwo, Vector256.Load(dots + ((long)i * stride) + c), cn + Vector256.Create(rowNorms[i]));
                    uint mask = Vector256.LessThanOrEqual(v, bound).ExtractMostSignificantBits();
                    if (mask == 0) continue;
                    while (mask != 0)
                    {
                        int b = BitOperations.TrailingZeroCount(mask);
                        mask &= mask - 1;
                        heaps.Push(firstColumn + c + b, v.GetElement(b), firstRow + i);
                    }
                    bound = Vector256.Load(bounds + firstColumn + c);
                }
            }
            for (; c < column1; c++)
            {
                int query = firstColumn + c;
                for (int i = 0; i < rows; i++)
                {
                    float v = Distance(dots[((long)i * stride) + c], columnNorms[c], rowNorms[i]);
                    if (v <= bounds[query]) heaps.Push(query, v, firstRow + i);
                }
            }
        }
    }

    /// <summary>The scalar twin of the vector expression: fma(−2, dot, norm + otherNorm).</summary>
    private static float Distance(float dot, float norm, float otherNorm) => MathF.FusedMultiplyAdd(-2f, dot, norm + otherNorm);
}
