using ResNetTab.Models.Datasets;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Data;

/// <summary>
/// A batch dataset of <see cref="Count"/> samples whose input row i is [i, i + 0.5] and target is i,
/// built from managed arrays (no shared tensors); counts its calls, can be slow and can fail.
/// </summary>
internal sealed class IndexDataset(int count) : IBatchDataset
{
    private int calls;

    public int Count { get; } = count;

    /// <summary>GetBatch calls so far.</summary>
    public int Calls => Volatile.Read(ref calls);

    /// <summary>Delay of each GetBatch call.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>GetBatch call (0-based) that throws an <see cref="InvalidDataException"/>; −1 for none.</summary>
    public int FailAt { get; init; } = -1;

    public (Tensor inputs, Tensor targets) GetBatch(ReadOnlySpan<int> indices)
    {
        var call = Interlocked.Increment(ref calls) - 1;
        if (Delay > TimeSpan.Zero) Thread.Sleep(Delay);
        if (call == FailAt) throw new InvalidDataException($"batch call {call} failed on purpose");
        var inputs = new float[indices.Length * 2];
        var targets = new long[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            inputs[2 * i] = indices[i];
            inputs[(2 * i) + 1] = indices[i] + 0.5f;
            targets[i] = indices[i];
        }
        return (tensor(inputs, [indices.Length, 2]), tensor(targets, [indices.Length]));
    }
}

internal static class LoaderTestData
{
    /// <summary>The CIFAR-format dataset of 25 known images.</summary>
    public static Cifar10Dataset Cifar(int count = 25)
    {
        var (images, labels) = CifarTestFiles.Make(count);
        return new Cifar10Dataset(images, labels);
    }

    /// <summary>Reads and disposes every batch of an enumeration: (indices, inputs, targets) per batch.</summary>
    public static List<(int[] indices, float[] inputs, long[] targets, long[] shape)> Drain(IEnumerable<Batch> batches)
    {
        var result = new List<(int[], float[], long[], long[])>();
        foreach (var batch in batches)
        {
            using (batch)
                result.Add(([.. batch.Indices], TensorData.ToArray<float>(batch.Inputs), TensorData.ToArray<long>(batch.Targets), batch.Inputs.shape));
        }
        return result;
    }
}
