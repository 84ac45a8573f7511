using ResNetTab.Data;
using ResNetTab.Data.Preprocessing;

namespace ResNetTab.Models.Tabular;

public sealed partial class TabularResNet
{
    /// <summary>
    /// A network for the columns of the OCSF feature pipeline: one numerical input per numerical column, one embedding
    /// per categorical column with the batch's cardinalities; column names are used in error messages.
    /// </summary>
    /// <param name="batch">A batch from <see cref="TabularPreprocessor.Transform"/>; only its layout is used.</param>
    /// <param name="options">The rest of the architecture (width, blocks, classes, …); its column settings are replaced.</param>
    /// <returns>The network.</returns>
    public static TabularResNet FromFeaturePlan(FeatureBatch batch, TabularResNetOptions? options = null) =>
        FromFeatureLayout(TabularFeatureLayout.From(batch), options);

    /// <summary>
    /// A network for the columns a fitted preprocessor produces from its feature plan (see
    /// <see cref="FromFeaturePlan(FeatureBatch, TabularResNetOptions?)"/>).
    /// </summary>
    /// <param name="preprocessor">A fitted (or loaded) preprocessor.</param>
    /// <param name="options">The rest of the architecture; its column settings are replaced.</param>
    /// <returns>The network.</returns>
    public static TabularResNet FromFeaturePlan(TabularPreprocessor preprocessor, TabularResNetOptions? options = null) =>
        FromFeatureLayout(TabularFeatureLayout.From(preprocessor), options);

    /// <summary>A network for an explicit column layout.</summary>
    /// <param name="layout">Column names and cardinalities.</param>
    /// <param name="options">The rest of the architecture; its column settings are replaced.</param>
    /// <returns>The network.</returns>
    public static TabularResNet FromFeatureLayout(TabularFeatureLayout layout, TabularResNetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return new TabularResNet(layout.ApplyTo(options));
    }

    /// <summary>Checks that a batch has this network's columns (count and cardinalities), naming the first difference.</summary>
    /// <param name="batch">A transformed batch.</param>
    /// <exception cref="ArgumentException">The batch's layout differs from the network's.</exception>
    public void EnsureCompatible(FeatureBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.NumericalCount != NumericalFeatures)
            throw new ArgumentException($"The batch has {batch.NumericalCount} numerical columns but the model expects {NumericalFeatures}.", nameof(batch));
        if (batch.CategoricalCount != Cardinalities.Count)
            throw new ArgumentException($"The batch has {batch.CategoricalCount} categorical columns but the model expects {Cardinalities.Count}.", nameof(batch));
        for (var j = 0; j < Cardinalities.Count; j++)
            if (batch.Cardinalities[j] != Cardinalities[j])
                throw new ArgumentException(
                    $"Categorical column {j} ('{batch.CategoricalNames[j]}') has cardinality {batch.Cardinalities[j]} in the batch but {Cardinalities[j]} in the model.",
                    nameof(batch));
    }

    /// <summary>Runs the network on a batch of the feature pipeline (see <see cref="forward(Torch.torch.Tensor?, Torch.torch.Tensor?, bool)"/>).</summary>
    /// <param name="batch">A transformed batch with this network's layout.</param>
    /// <param name="return_embedding">Return the embedding even when there is a classifier.</param>
    /// <returns>Logits or embeddings, on the device of the model's parameters.</returns>
    public Torch.torch.Tensor forward(FeatureBatch batch, bool return_embedding = false)
    {
        EnsureCompatible(batch);
        var device = initial_projection.weight.device;
        var (numerical, categorical) = batch.ToTensors(device);
        using (numerical)
        using (categorical)
            return forward(numerical, categorical, return_embedding || ReturnEmbedding);
    }
}
