using ResNetTab.Models.Tabular;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Tabular;

/// <summary>Gradients flow to the inputs' layers and plain SGD learns a toy problem.</summary>
public sealed class TabularResNetTrainingTests(ITestOutputHelper output)
{
    /// <summary>
    /// 128 rows; class 1 when x0 + 0.5·x1 &gt; 0, flipped for categories 3 and 5 of column 0 — it needs both the
    /// numerical projection and the embeddings.
    /// </summary>
    private static (Tensor numerical, Tensor categorical, Tensor labels) ToyProblem()
    {
        manual_seed(7);
        const int rows = 128;
        var numerical = randn(rows, 4);
        var categorical = stack([randint(0, 6, [rows], ScalarType.Int64), randint(0, 3, [rows], ScalarType.Int64)], 1);
        var x = TensorData.ToArray<float>(numerical);
        var c = TensorData.ToArray<long>(categorical);
        var labels = new long[rows];
        for (var i = 0; i < rows; i++)
        {
            var positive = x[i * 4] + 0.5f * x[i * 4 + 1] > 0;
            if (c[i * 2] is 3 or 5) positive = !positive;
            labels[i] = positive ? 1 : 0;
        }
        return (numerical, categorical, tensor(labels, [rows]));
    }

    private static Tensor CrossEntropy(Tensor logits, Tensor labels)
    {
        using var logp = nn.functional.log_softmax(logits, 1);
        using var index = labels.unsqueeze(1);
        using var picked = logp.gather(1, index);
        using var mean = picked.mean();
        return -mean;
    }

    [Theory]
    [InlineData(TabularBlockKind.Residual, TabularNormalization.BatchNorm)]
    [InlineData(TabularBlockKind.Bottleneck, TabularNormalization.BatchNorm)]
    [InlineData(TabularBlockKind.PreNorm, TabularNormalization.LayerNorm)]
    public void Gradients_reach_embeddings_and_numerical_projection(TabularBlockKind kind, TabularNormalization normalization)
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var model = TabularResNetBuilder.Create().WithNumericalColumns(4).WithCategorical(6, 3).WithWidth(32).WithBlocks(3)
            .WithBlockKind(kind).WithNormalization(normalization).WithClasses(2).Build();
        var (num, cat, labels) = ToyProblem();
        CrossEntropy(model.call(num, cat), labels).backward();
        foreach (var (name, p) in model.named_parameters())
        {
            var grad = p.grad;
            grad.Should().NotBeNull($"{name} takes part in the forward");
            grad!.shape.Should().Equal(p.shape);
        }
        // (numerical_projection.bias is left out: a BatchNorm initial_bn cancels a constant shift, so its gradient is ~0 by design.)
        foreach (var name in new[] { "embeddings.0.weight", "embeddings.1.weight", "numerical_projection.weight" })
        {
            var grad = model.named_parameters().Single(p => p.name == name).parameter.grad!;
            var norm = grad.norm().item<float>();
            output.WriteLine($"{kind}/{normalization}: |grad {name}| = {norm:G4}");
            norm.Should().BeGreaterThan(0, name);
            float.IsFinite(norm).Should().BeTrue(name);
        }
    }

    [Theory]
    [InlineData(TabularBlockKind.Residual, TabularNormalization.BatchNorm)]
    [InlineData(TabularBlockKind.Bottleneck, TabularNormalization.LayerNorm)]
    [InlineData(TabularBlockKind.PreNorm, TabularNormalization.BatchNorm)]
    public void Plain_sgd_lowers_the_loss_on_a_learnable_toy_problem(TabularBlockKind kind, TabularNormalization normalization)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var model = TabularResNetBuilder.Create().WithNumericalColumns(4).WithCategorical(6, 3).WithWidth(32).WithBlocks(2)
            .WithDropout(0.0).WithBlockKind(kind).WithNormalization(normalization).WithClasses(2).Build();
        var (num, cat, labels) = ToyProblem();
        const double lr = 0.05;
        var losses = new List<float>();
        model.train();
        for (var step = 0; step < 100; step++)
        {
            using var stepScope = NewDisposeScope();
            model.zero_grad();
            var loss = CrossEntropy(model.call(num, cat), labels);
            loss.backward();
            using (no_grad())
            {
                foreach (var p in model.parameters())
                    if (p.grad is { } grad) p.sub_(grad * lr);
            }
            losses.Add(loss.item<float>());
        }
        model.eval();
        float accuracy;
        using (no_grad())
        {
            var predicted = model.call(num, cat).argmax(1);
            accuracy = predicted.eq(labels).to(ScalarType.Float32).mean().item<float>();
        }
        output.WriteLine($"{kind}/{normalization}: loss {losses[0]:F4} -> {losses[^1]:F4}, train accuracy {accuracy:P0}");
        losses.Should().OnlyContain(l => float.IsFinite(l));
        losses[^1].Should().BeLessThan(0.5f * losses[0]);
        losses.TakeLast(10).Average().Should().BeLessThan(losses.Take(10).Average());
        accuracy.Should().BeGreaterThan(0.9f);
    }
}
