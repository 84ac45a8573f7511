using ResNetTab.Models.Tabular;
using Xunit.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Tabular;

/// <summary>The PyTorch reference model's state dict loads by name and reproduces its outputs (Oracle/generate_tabular.py).</summary>
public sealed class TabularResNetParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void State_dict_keys_and_order_equal_pytorch()
    {
        using var scope = NewDisposeScope();
        using var model = new TabularResNet(TabularOracle.Options());
        var expected = TabularOracle.Strings(TabularOracle.Root.GetProperty("counts").GetProperty("small").GetProperty("keys"));
        model.OrderedStateDict().Keys.Should().Equal(expected);
        expected.Should().StartWith(["embeddings.0.weight", "embeddings.1.weight", "embeddings.2.weight", "numerical_projection.weight"])
            .And.Contain(["blocks.1.bn2.num_batches_tracked", "classifier.0.weight", "classifier.3.bias"]);
        var shapes = TabularOracle.Root.GetProperty("state_dict").EnumerateArray()
            .ToDictionary(e => e[0].GetString()!, e => e[1].EnumerateArray().Select(d => d.GetInt64()).ToArray());
        foreach (var (key, t) in model.OrderedStateDict()) t.shape.Should().Equal(shapes[key], key);
    }

    [Fact]
    public void Parameter_count_equals_pytorch_for_the_reference_model()
    {
        using var scope = NewDisposeScope();
        using var model = new TabularResNet(TabularOracle.Options());
        model.ParameterCount().Should().Be(TabularOracle.Root.GetProperty("counts").GetProperty("small").GetProperty("parameters").GetInt64());
        model.ParameterCount().Should().Be(6771);
    }

    [Fact]
    public void Eval_logits_and_embeddings_match_pytorch()
    {
        using var scope = NewDisposeScope();
        using var model = TabularOracle.LoadedModel();
        model.eval();
        using var _ = no_grad();
        var numerical = TabularOracle.Numerical();
        var categorical = TabularOracle.Categorical();
        var eval = TabularOracle.Root.GetProperty("eval");

        var logits = model.call(numerical, categorical);
        logits.shape.Should().Equal(TabularOracle.Rows, TabularOracle.Classes);
        var logitsDiff = TabularOracle.MaxAbsDiff(logits, TabularOracle.Floats(eval.GetProperty("logits")));

        var embedding = model.forward_embedding(numerical, categorical);
        embedding.shape.Should().Equal(TabularOracle.Rows, 32);
        var embeddingDiff = TabularOracle.MaxAbsDiff(embedding, TabularOracle.Floats(eval.GetProperty("embedding")));
        output.WriteLine($"eval parity: logits max |diff| {logitsDiff:E2}, embeddings max |diff| {embeddingDiff:E2}");
        logitsDiff.Should().BeLessThan(Tolerance);
        embeddingDiff.Should().BeLessThan(Tolerance);

        // The other ways to ask for the embedding agree.
        model.forward(numerical, categorical, return_embedding: true).allclose(embedding, 0, 0).Should().BeTrue();
        nn.Module<Tensor, Tensor, Tensor> asModule = model;
        asModule.call(numerical, categorical).allclose(logits, 0, 0).Should().BeTrue();
        model.ReturnEmbedding = true;
        model.call(numerical, categorical).allclose(embedding, 0, 0).Should().BeTrue();
    }

    [Fact]
    public void Train_mode_forward_updates_batchnorm_statistics_and_gradients_as_pytorch()
    {
        using var scope = NewDisposeScope();
        using var model = TabularOracle.LoadedModel(dropout: 0.0);
        model.train();
        var train = TabularOracle.Root.GetProperty("train");
        var lossWeights = tensor(TabularOracle.Floats(train.GetProperty("loss_weights")), [TabularOracle.Rows, TabularOracle.Classes]);

        var logits = model.call(TabularOracle.Numerical(), TabularOracle.Categorical());
        var logitsDiff = TabularOracle.MaxAbsDiff(logits, TabularOracle.Floats(train.GetProperty("logits")));
        (logits * lossWeights).sum().backward();

        var state = model.OrderedStateDict();
        var bufferDiff = 0.0;
        var buffers = 0;
        foreach (var entry in train.GetProperty("buffers").EnumerateArray())
        {
            var key = entry[0].GetString()!;
            var actual = state[key];
            if (key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
                actual.item<long>().Should().Be(entry[3][0].GetInt64(), key);
            else
                bufferDiff = Math.Max(bufferDiff, TabularOracle.MaxAbsDiff(actual, TabularOracle.Floats(entry[3])));
            buffers++;
        }
        buffers.Should().Be(5 * 3, "initial_bn and four block norms each have three buffers");
        state["initial_bn.num_batches_tracked"].item<long>().Should().Be(4, "the reference state dict had 3 batches tracked");

        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var gradDiff = 0.0;
        foreach (var entry in train.GetProperty("grads").EnumerateArray())
        {
            var grad = parameters[entry[0].GetString()!].grad;
            grad.Should().NotBeNull(entry[0].GetString());
            gradDiff = Math.Max(gradDiff, TabularOracle.MaxAbsDiff(grad!, TabularOracle.Floats(entry[1])));
        }
        output.WriteLine($"train parity: logits {logitsDiff:E2}, running stats {bufferDiff:E2}, gradients {gradDiff:E2}");
        logitsDiff.Should().BeLessThan(Tolerance);
        bufferDiff.Should().BeLessThan(Tolerance);
        gradDiff.Should().BeLessThan(1e-4);
    }

    [Fact]
    public void Reference_sized_model_without_classifier_has_pytorchs_parameter_count_and_keys()
    {
        using var scope = NewDisposeScope();
        int[] cards = [100, 50, 200, 1000];
        using var model = TabularResNetBuilder.Create().WithNumericalColumns(50).WithCategorical(cards).WithWidth(256).WithBlocks(6).Build();
        const long d = 256;
        var expected = cards.Sum(c => c * (d / 4))       // embeddings
            + (50 * (d / 2) + d / 2)                       // numerical_projection
            + ((d / 2 + cards.Length * (d / 4)) * d + d)   // initial_projection
            + 2 * d                                        // initial_bn
            + 6 * (2 * (d * d + d) + 2 * 2 * d)            // blocks: fc1, fc2, bn1, bn2
            + 2 * d;                                       // final_norm
        model.ParameterCount().Should().Be(expected);
        model.ParameterCount().Should().Be(988_160);
        var counts = TabularOracle.Root.GetProperty("counts");
        model.ParameterCount().Should().Be(counts.GetProperty("big_no_classifier").GetProperty("parameters").GetInt64());
        model.OrderedStateDict().Keys.Should().Equal(TabularOracle.Strings(counts.GetProperty("big_no_classifier").GetProperty("keys")));
        model.classifier.Should().BeNull();
        model.NumClasses.Should().BeNull();

        using var withHead = TabularResNetBuilder.Create().WithNumericalColumns(50).WithCategorical(cards).WithClasses(10).Build();
        withHead.ParameterCount().Should().Be(expected + (d * (d / 2) + d / 2) + ((d / 2) * 10 + 10));
        withHead.ParameterCount().Should().Be(counts.GetProperty("big_10_classes").GetProperty("parameters").GetInt64()).And.Be(1_022_346);
    }
}
