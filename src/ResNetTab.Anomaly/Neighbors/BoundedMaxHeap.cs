using System.Numerics;

namespace ResNetTab.Anomaly.Neighbors;

/// <summary>Fixed-capacity max-heap of (distance, index) pairs ordered lexicographically: keeps the k smallest (float or double distances).</summary>
internal static class BoundedMaxHeap
{
    /// <summary>Offers a candidate; returns the new admission bound (the root once full, else +∞).</summary>
    public static T Push<T>(Span<T> dist, Span<int> idx, ref int count, T d, int j) where T : IFloatingPointIeee754<T>
    {
        int cap = dist.Length;
        if (count < cap)
        {
            int i = count++;
            while (i > 0)
            {
                int parent = (i - 1) >> 1;
                if (!Greater(d, j, dist[parent], idx[parent])) break;
                dist[i] = dist[parent];
                idx[i] = idx[parent];
                i = parent;
            }
            dist[i] = d;
            idx[i] = j;
            return count == cap ? dist[0] : T.PositiveInfinity;
        }
        if (!Greater(dist[0], idx[0], d, j)) return dist[0];
        int pos = 0;
        while (true)
        {
            int child = (2 * pos) + 1;
            if (child >= cap) break;
            if (child + 1 < cap && Greater(dist[child + 1], idx[child + 1], dist[child], idx[child])) child++;
            if (!Greater(dist[child], idx[child], d, j)) break;
            dist[pos] = dist[child];
            idx[pos] = idx[child];
            pos = child;
        }
        dist[pos] = d;
        idx[pos] = j;
        return dist[0];
    }

    private static bool Greater<T>(T d1, int i1, T d2, int i2) where T : IFloatingPointIeee754<T> => d1 > d2 || (d1 == d2 && i1 > i2);
}
