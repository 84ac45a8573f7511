using ResNetTab.Anomaly;
using ResNetTab.Engine.Tensors;
using ResNetTab.Models.Tabular;
using ResNetTab.Models.Training;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised;

/// <summary>
/// Embeddings of a pretrained model for the anomaly scorers: evaluation mode, no gradients, one batch at a time (the
/// memory of the forward pass is bounded by the batch size), to a <see cref="FeatureMatrix"/> or streamed to an .npy
/// file. Each row's embedding is exactly the model's forward (<see cref="SelfSupervisedModel.forward"/>) of its batch.
/// The model's training mode is restored afterwards.
/// </summary>
public static class EmbeddingExtractor
{
    /// <summary>Default rows per forward pass.</summary>
    public const int DefaultBatchSize = 1024;

    /// <summary>Embeddings of every row, in order.</summary>
    /// <param name="model">The model.</param>
    /// <param name="data">The rows.</param>
    /// <param name="batchSize">Rows per forward pass.</param>
    /// <param name="layer">The embedding (default) or the residual stream before the final LayerNorm.</param>
    /// <returns>[rows, d] embeddings.</returns>
    /// <exception cref="ArgumentException">The rows do not fit the model or hold NaN, infinity or an index out of range.</exception>
    public static FeatureMatrix Extract(SelfSupervisedModel model, TabularData data, int batchSize = DefaultBatchSize, EmbeddingLayer layer = EmbeddingLayer.FinalNorm)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        data.EnsureFits(model.NumericalColumns, model.Cardinalities, "rows to embed");
        using var use = model.Use();
        return Extract(model, new TabularBatchSource(data, batchSize, device: Device(model)), layer);
    }

    /// <summary>Embeddings of every batch of epoch 0 of <paramref name="source"/>, in the source's order.</summary>
    /// <param name="model">The model.</param>
    /// <param name="source">The batches (e.g. <c>new TabularBatchSource(data, 1024)</c>).</param>
    /// <param name="layer">The embedding (default) or the residual stream before the final LayerNorm.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>[rows, d] embeddings.</returns>
    public static FeatureMatrix Extract(SelfSupervisedModel model, IBatchSource<TabularBatch> source, EmbeddingLayer layer = EmbeddingLayer.FinalNorm,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        var d = model.EmbeddingDim;
        var values = new List<float>();
        foreach (var chunk in Batches(model, source, layer, cancellationToken)) values.AddRange(chunk);
        if (values.Count == 0) throw new ArgumentException("The source produced no rows to embed.", nameof(source));
        return FeatureMatrix.Wrap([.. values], d);
    }

    /// <summary>Embeddings of rows given as tensors, in batches.</summary>
    /// <param name="model">The model.</param>
    /// <param name="numerical">[N, n_num] float32.</param>
    /// <param name="categorical">[N, n_cat] int64.</param>
    /// <param name="batchSize">Rows per forward pass.</param>
    /// <param name="layer">The embedding (default) or the residual stream before the final LayerNorm.</param>
    /// <returns>[N, d] embeddings.</returns>
    public static FeatureMatrix Extract(SelfSupervisedModel model, Tensor numerical, Tensor categorical, int batchSize = DefaultBatchSize, EmbeddingLayer layer = EmbeddingLayer.FinalNorm)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(numerical);
        ArgumentNullException.ThrowIfNull(categorical);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (numerical.shape[0] != categorical.shape[0])
            throw new ArgumentException($"The numerical input has {numerical.shape[0]} rows but the categorical input {categorical.shape[0]}.", nameof(categorical));
        var rows = numerical.shape[0];
        if (rows == 0) throw new ArgumentException("There are no rows to embed.", nameof(numerical));
        var result = new float[rows * model.EmbeddingDim];
        Run(model, () =>
        {
            for (long start = 0; start < rows; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var size = Math.Min(batchSize, rows - start);
                var embedding = model.Represent(numerical.narrow(0, start, size), categorical.narrow(0, start, size), layer);
                TensorData.ToArray<float>(embedding).CopyTo(result.AsSpan((int)(start * model.EmbeddingDim)));
            }
        });
        return FeatureMatrix.Wrap(result, model.EmbeddingDim);
    }

    /// <summary>Streams the embeddings of every batch to a float32 .npy file of shape [rows, d]; only one batch is held at a time.</summary>
    /// <param name="model">The model.</param>
    /// <param name="source">The batches.</param>
    /// <param name="path">The .npy file (replaced).</param>
    /// <param name="layer">The embedding (default) or the residual stream before the final LayerNorm.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The number of rows written.</returns>
    public static long ExtractToNpy(SelfSupervisedModel model, IBatchSource<TabularBatch> source, string path, EmbeddingLayer layer = EmbeddingLayer.FinalNorm,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var writer = new NpyStreamWriter(path, model.EmbeddingDim);
        foreach (var chunk in Batches(model, source, layer, cancellationToken)) writer.Append(chunk);
        writer.Complete();
        return writer.Rows;
    }

    private static IEnumerable<float[]> Batches(SelfSupervisedModel model, IBatchSource<TabularBatch> source, EmbeddingLayer layer, CancellationToken cancellationToken)
    {
        using (model.Infer())
        {
            foreach (var batch in source.Epoch(0, cancellationToken))
            {
                float[] values;
                using (batch)
                using (no_grad())
                using (NewDisposeScope())
                    values = TensorData.ToArray<float>(model.Represent(batch.Numerical, batch.Categorical, layer));
                yield return values;
            }
        }
    }

    private static void Run(SelfSupervisedModel model, Action action)
    {
        using var inference = model.Infer();
        using var noGrad = no_grad();
        action();
    }

    internal static TorchSharp.torch.Device Device(SelfSupervisedModel model) => model.heads.parameters().First().device;
}
