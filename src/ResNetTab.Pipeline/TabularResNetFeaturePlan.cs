using ResNetTab.Data;
using ResNetTab.Models.Tabular;
using static TorchSharp.torch;

namespace ResNetTab.Pipeline;

/// <summary>
/// TabularResNets sized from the OCSF feature pipeline: the column layout of a fitted preprocessor or of a
/// transformed batch, and batch-level checks and forwards.
/// </summary>
public static class TabularResNetFeaturePlan
{
    /// <summary>The column layout of transformed rows (from their schema).</summary>
    /// <param name="batch">Transformed rows.</param>
    /// <returns>Names and cardinalities.</returns>
    /// <exception cref="ArgumentException">The rows carry no schema.</exception>
    public static TabularFeatureLayout ToFeatureLayout(this TabularData batch)
    {
        var schema = SchemaOf(batch);
        return new([.. schema.NumericalNames], [.. schema.CategoricalNames], [.. schema.Cardinalities]);
    }

    /// <summary>The column layout of a fitted preprocessor's feature plan.</summary>
    /// <param name="preprocessor">A fitted (or loaded) preprocessor.</param>
    /// <returns>Names and cardinalities.</returns>
    /// <exception cref="InvalidOperationException">The preprocessor is not fitted.</exception>
    public static TabularFeatureLayout ToFeatureLayout(this TabularPreprocessor preprocessor)
    {
        ArgumentNullException.ThrowIfNull(preprocessor);
        if (!preprocessor.IsFitted) throw new InvalidOperationException("The preprocessor is not fitted: call Fit (or Load) before building a model from its feature plan.");
        return new([.. preprocessor.NumericalNames], [.. preprocessor.CategoricalNames], [.. preprocessor.Cardinalities]);
    }

    extension(TabularResNet)
    {
        /// <summary>Creates a model for the columns of a transformed batch.</summary>
        /// <param name="batch">A transformed batch.</param>
        /// <param name="options">Architecture (width, depth, …); its column settings are replaced.</param>
        /// <returns>The model.</returns>
        public static TabularResNet FromFeaturePlan(TabularData batch, TabularResNetOptions? options = null) =>
            TabularResNet.FromFeatureLayout(batch.ToFeatureLayout(), options);

        /// <summary>Creates a model for the columns of a fitted preprocessor's feature plan.</summary>
        /// <param name="preprocessor">A fitted (or loaded) preprocessor.</param>
        /// <param name="options">Architecture (width, depth, …); its column settings are replaced.</param>
        /// <returns>The model.</returns>
        public static TabularResNet FromFeaturePlan(TabularPreprocessor preprocessor, TabularResNetOptions? options = null) =>
            TabularResNet.FromFeatureLayout(preprocessor.ToFeatureLayout(), options);
    }

    extension(TabularResNetBuilder builder)
    {
        /// <summary>Takes the columns from a transformed batch.</summary>
        /// <param name="batch">A transformed batch.</param>
        /// <returns>The builder.</returns>
        public TabularResNetBuilder WithFeatureLayout(TabularData batch) => builder.WithFeatureLayout(batch.ToFeatureLayout());

        /// <summary>Takes the columns from a fitted preprocessor's feature plan.</summary>
        /// <param name="preprocessor">A fitted (or loaded) preprocessor.</param>
        /// <returns>The builder.</returns>
        public TabularResNetBuilder WithFeatureLayout(TabularPreprocessor preprocessor) => builder.WithFeatureLayout(preprocessor.ToFeatureLayout());
    }

    extension(TabularResNet model)
    {
        /// <summary>Checks that a batch has the model's columns and cardinalities.</summary>
        /// <param name="batch">A transformed batch.</param>
        /// <exception cref="ArgumentException">A count or cardinality differs (the message names the column).</exception>
        public void EnsureCompatible(TabularData batch)
        {
            var schema = SchemaOf(batch);
            if (batch.NumericalColumns != model.NumericalColumns)
                throw new ArgumentException($"The batch has {batch.NumericalColumns} numerical columns but the model expects {model.NumericalColumns}.", nameof(batch));
            if (batch.CategoricalColumns != model.Cardinalities.Count)
                throw new ArgumentException($"The batch has {batch.CategoricalColumns} categorical columns but the model expects {model.Cardinalities.Count}.", nameof(batch));
            for (var j = 0; j < model.Cardinalities.Count; j++)
                if (schema.Cardinalities[j] != model.Cardinalities[j])
                    throw new ArgumentException(
                        $"Categorical column {j} ('{schema.CategoricalNames[j]}') has cardinality {schema.Cardinalities[j]} in the batch but {model.Cardinalities[j]} in the model.",
                        nameof(batch));
        }

        /// <summary>Runs the model on a transformed batch (on the model's device; the model checks the indices).</summary>
        /// <param name="batch">A transformed batch with the model's columns.</param>
        /// <param name="return_embedding">Return the embedding even when the model has a classifier.</param>
        /// <returns>The embedding [rows, d] or the logits.</returns>
        public Tensor forward(TabularData batch, bool return_embedding = false)
        {
            model.EnsureCompatible(batch);
            var (numerical, categorical) = batch.ToTensors(model.initial_projection.weight.device);
            using (numerical)
            using (categorical)
                return model.forward(numerical, categorical, return_embedding || model.ReturnEmbedding);
        }
    }

    private static TabularSchema SchemaOf(TabularData batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.Schema ?? throw new ArgumentException(
            "The rows carry no schema (column names and cardinalities); use rows from TabularPreprocessor.Transform or give them a TabularSchema.", nameof(batch));
    }
}
