namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// One bounded max-heap of (approximate squared distance, index) candidates per query row, stored row-major in
/// flat arrays: the float32 shortlist that <see cref="ExactRerank"/> turns into exact neighbours.
/// </summary>
internal sealed class CandidateHeaps
{
    public CandidateHeaps(int rows, int capacity)
    {
        Rows = rows;
        Capacity = capacity;
        Distances = new float[(long)rows * capacity];
        Indices = new int[(long)rows * capacity];
        Counts = new int[rows];
        Bounds = new float[rows];
        Array.Fill(Bounds, float.PositiveInfinity);
    }

    /// <summary>Query rows.</summary>
    public int Rows { get; }

    /// <summary>Candidates kept per row.</summary>
    public int Capacity { get; }

    /// <summary>Heap storage, <see cref="Capacity"/> slots per row; slot 0 of a full row is its largest candidate.</summary>
    public float[] Distances { get; }

    /// <summary>Candidate indices, parallel to <see cref="Distances"/>.</summary>
    public int[] Indices { get; }

    /// <summary>Candidates held per row.</summary>
    public int[] Counts { get; }

    /// <summary>Admission bound per row: the largest held distance once the row is full, else +∞.</summary>
    public float[] Bounds { get; }

    /// <summary>Offers candidate <paramref name="index"/> at approximate squared distance <paramref name="distance"/> to <paramref name="row"/>.</summary>
    public void Push(int row, float distance, int index)
    {
        int off = row * Capacity;
        Bounds[row] = BoundedMaxHeap.Push(Distances.AsSpan(off, Capacity), Indices.AsSpan(off, Capacity), ref Counts[row], distance, index);
    }

    /// <summary>Offers every candidate of <paramref name="other"/> (same rows and capacity) to these heaps.</summary>
    public void Merge(CandidateHeaps other)
    {
        for (int row = 0; row < Rows; row++)
        {
            int off = row * Capacity;
            for (int c = 0; c < other.Counts[row]; c++)
            {
                float d = other.Distances[off + c];
                if (d <= Bounds[row]) Push(row, d, other.Indices[off + c]);
            }
        }
    }

    /// <summary>Largest held approximate distance of a full row (what every rejected candidate is at least).</summary>
    public float Largest(int row) => Distances[row * Capacity];
}
