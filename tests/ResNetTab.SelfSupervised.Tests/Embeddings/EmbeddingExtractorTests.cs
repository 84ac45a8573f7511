using ResNetTab.Models.Tabular;
using ResNetTab.Anomaly;
using ResNetTab.SelfSupervised;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Tests.Embeddings;

public sealed class EmbeddingExtractorTests
{
    [Fact]
    public void Extracted_embeddings_equal_the_models_forward_and_the_mode_is_restored()
    {
        var data = StructuredData.Create(50, seed: 5);
        using var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, StructuredData.Recipe());
        model.train();
        var extracted = EmbeddingExtractor.Extract(model, data, batchSize: 16);
        model.training.Should().BeTrue();

        extracted.Rows.Should().Be(50);
        extracted.Columns.Should().Be(model.EmbeddingDim);
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var batch in new TabularBatchSource(data, 16).Epoch(0))
        {
            using (batch)
            {
                var expected = TensorData.ToArray<float>(model.forward(batch.Numerical, batch.Categorical));
                var actual = extracted.Values.Slice(batch.Rows[0] * model.EmbeddingDim, expected.Length).ToArray();
                // The same computation; the BLAS kernel may round differently for differently aligned copies of the input (≤ 1 ulp-level).
                actual.Zip(expected).Should().OnlyContain(p => Math.Abs(p.First - p.Second) <= 1e-6 * Math.Max(1, Math.Abs(p.Second)));
            }
        }
        var whole = TensorData.ToArray<float>(model.forward(tensor(data.Numerical, [50, 4]), tensor(data.Categorical, [50, 2])));
        extracted.Values.ToArray().Zip(whole).Should().OnlyContain(p => Math.Abs(p.First - p.Second) < 1e-5);
    }

    [Fact]
    public void The_layer_before_the_final_norm_keeps_scale_and_normalises_to_the_embedding()
    {
        var data = StructuredData.Create(40, seed: 8);
        using var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, StructuredData.Recipe());
        var embedding = EmbeddingExtractor.Extract(model, data, batchSize: 40);
        var features = EmbeddingExtractor.Extract(model, data, batchSize: 40, layer: EmbeddingLayer.BeforeFinalNorm);
        features.Columns.Should().Be(model.EmbeddingDim);
        features.Values.ToArray().Should().NotEqual(embedding.Values.ToArray());
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = tensor(features.Values.ToArray(), [40, model.EmbeddingDim]);
        var normalised = TensorData.ToArray<float>(model.encoder.final_norm.call(x));
        normalised.Zip(embedding.Values.ToArray()).Should().OnlyContain(p => Math.Abs(p.First - p.Second) < 1e-5);
        using var npy = new TempFolder();
        EmbeddingExtractor.ExtractToNpy(model, new TabularBatchSource(data, 16), npy.File("features.npy"), EmbeddingLayer.BeforeFinalNorm).Should().Be(40);
    }

    [Fact]
    public void Streaming_to_npy_writes_the_same_embeddings_without_leaking_tensors()
    {
        using var dir = new TempFolder();
        var data = StructuredData.Create(37, seed: 6);
        using var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, StructuredData.Recipe());
        var expected = EmbeddingExtractor.Extract(model, data, batchSize: 10);
        var live = Tensor.TotalCount;
        var rows = EmbeddingExtractor.ExtractToNpy(model, new TabularBatchSource(data, 10), dir.File("embeddings.npy"));
        Tensor.TotalCount.Should().Be(live);
        rows.Should().Be(37);
        var npy = NpyReader.ReadNpy(dir.File("embeddings.npy"));
        npy.Shape.Should().Equal(37, model.EmbeddingDim);
        npy.Values.Select(v => (float)v).Should().Equal(expected.Values.ToArray());
    }

    [Fact]
    public void Tensor_input_gives_the_same_embeddings_and_bad_input_is_named()
    {
        var data = StructuredData.Create(20, seed: 7);
        using var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, StructuredData.Recipe());
        using var numerical = tensor(data.Numerical, [20, 4]);
        using var categorical = tensor(data.Categorical, [20, 2]);
        EmbeddingExtractor.Extract(model, numerical, categorical, batchSize: 8).Values.ToArray()
            .Should().Equal(EmbeddingExtractor.Extract(model, data, batchSize: 8).Values.ToArray());

        using var wrong = zeros(20, 5);
        ((Action)(() => EmbeddingExtractor.Extract(model, wrong, categorical))).Should().Throw<ArgumentException>().WithMessage("*[20, 5]*[rows, 4]*");
        var nan = StructuredData.Create(20, seed: 7);
        nan.Numerical.Span[0] = float.PositiveInfinity;
        ((Action)(() => EmbeddingExtractor.Extract(model, nan))).Should().Throw<ArgumentException>().WithMessage("*infinite value at row 0*");
    }
}
