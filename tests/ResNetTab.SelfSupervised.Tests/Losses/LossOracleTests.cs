using System.Text.Json;
using ResNetTab.SelfSupervised.Losses;
using ResNetTab.SelfSupervised;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Tests.Losses;

/// <summary>Loss values and gradients against PyTorch 1.13 (Oracle/generate_oracle.py) on fixed weights, inputs and masks.</summary>
public sealed class LossOracleTests
{
    private const double Tolerance = 1e-5;
    private static readonly JsonElement Oracle = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Oracle", "losses.json"))).RootElement;

    private static float[] Floats(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(v => (float)v.GetDouble())];

    private static void ShouldMatch(Tensor actual, JsonElement e, string name)
    {
        var expected = e.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var values = TensorData.ToArray<float>(actual);
        values.Should().HaveCount(expected.Length, name);
        for (var i = 0; i < values.Length; i++) values[i].Should().BeApproximately((float)expected[i], (float)Tolerance, $"{name}[{i}]");
    }

    [Fact]
    public void Masked_feature_loss_and_gradients_match_pytorch_including_columns_without_a_masked_cell()
    {
        using var scope = NewDisposeScope();
        var m = Oracle.GetProperty("masked");
        int rows = m.GetProperty("rows").GetInt32(), width = m.GetProperty("width").GetInt32(), n = m.GetProperty("numerical_columns").GetInt32();
        int[] cards = [.. m.GetProperty("cardinalities").EnumerateArray().Select(v => v.GetInt32())];
        using var heads = new MaskedFeatureHeads(width, n, cards);
        using (no_grad())
        {
            heads.categorical!.weight!.copy_(tensor(Floats(m, "categorical_weight"), [cards.Sum(), width]));
            heads.categorical!.bias!.copy_(tensor(Floats(m, "categorical_bias")));
            heads.numerical!.weight!.copy_(tensor(Floats(m, "numerical_weight"), [n, width]));
            heads.numerical!.bias!.copy_(tensor(Floats(m, "numerical_bias")));
        }
        var embedding = tensor(Floats(m, "embedding"), [rows, width]).requires_grad_();
        var categorical = tensor(m.GetProperty("categorical").EnumerateArray().Select(v => v.GetInt64()).ToArray(), [rows, cards.Length]);
        var numerical = tensor(Floats(m, "numerical"), [rows, n]);
        var categoricalMask = tensor(m.GetProperty("categorical_mask").EnumerateArray().Select(v => v.GetBoolean()).ToArray(), [rows, cards.Length]);
        var numericalMask = tensor(m.GetProperty("numerical_mask").EnumerateArray().Select(v => v.GetBoolean()).ToArray(), [rows, n]);

        var (logits, predictions) = heads.call(embedding);
        var parts = MaskedFeatureLoss.Compute(logits, categorical, categoricalMask, heads.Offsets, cards, predictions, numerical, numericalMask,
            m.GetProperty("lambda").GetDouble());
        parts.Loss.backward();

        parts.Loss.item<float>().Should().BeApproximately((float)m.GetProperty("loss").GetDouble(), (float)Tolerance);
        parts.Categorical.item<float>().Should().BeApproximately((float)m.GetProperty("categorical_term").GetDouble(), (float)Tolerance);
        parts.Numerical.item<float>().Should().BeApproximately((float)m.GetProperty("numerical_term").GetDouble(), (float)Tolerance);
        ShouldMatch(MaskedFeatureLoss.CategoricalCellLosses(logits!.detach(), categorical, heads.Offsets, cards), m, "categorical_cell_losses");
        ShouldMatch(embedding.grad!, m, "grad_embedding");
        ShouldMatch(heads.categorical!.weight!.grad!, m, "grad_categorical_weight");
        ShouldMatch(heads.categorical!.bias!.grad!, m, "grad_categorical_bias");
        ShouldMatch(heads.numerical!.weight!.grad!, m, "grad_numerical_weight");
        ShouldMatch(heads.numerical!.bias!.grad!, m, "grad_numerical_bias");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Nt_xent_loss_and_gradients_match_pytorch(int index)
    {
        using var scope = NewDisposeScope();
        var c = Oracle.GetProperty("contrastive")[index];
        var first = tensor(Floats(c, "first"), [4, 3]).requires_grad_();
        var second = tensor(Floats(c, "second"), [4, 3]).requires_grad_();
        var loss = NtXentLoss.Compute(first, second, c.GetProperty("temperature").GetDouble());
        loss.backward();
        loss.item<float>().Should().BeApproximately((float)c.GetProperty("loss").GetDouble(), (float)Tolerance);
        ShouldMatch(first.grad!, c, "grad_first");
        ShouldMatch(second.grad!, c, "grad_second");
    }

    [Fact]
    public void A_batch_without_any_masked_cell_gives_a_zero_loss_and_zero_gradients_not_nan()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var heads = new MaskedFeatureHeads(8, 3, [4, 6]);
        var embedding = randn(5, 8).requires_grad_();
        var (logits, predictions) = heads.call(embedding);
        var none = zeros([5, 2], ScalarType.Bool);
        var parts = MaskedFeatureLoss.Compute(logits, randint(4, [5, 2], dtype: ScalarType.Int64), none, heads.Offsets, [4, 6],
            predictions, randn(5, 3), zeros([5, 3], ScalarType.Bool), 1.0);
        parts.Loss.backward();
        parts.Loss.item<float>().Should().Be(0);
        TensorData.ToArray<float>(embedding.grad!).Should().OnlyContain(g => g == 0);
    }

    [Fact]
    public void Bad_shapes_and_settings_are_refused_with_the_problem_named()
    {
        using var scope = NewDisposeScope();
        var act = () => MaskedFeatureLoss.CategoricalCellLosses(zeros(4, 9), zeros([4, 2], ScalarType.Int64), [0, 4], [4, 6]);
        act.Should().Throw<ArgumentException>().WithMessage("*[4, 9]*need [rows, 10]*");
        var views = () => NtXentLoss.Compute(zeros(4, 3), zeros(5, 3), 0.07);
        views.Should().Throw<ArgumentException>().WithMessage("*[4, 3]*[5, 3]*");
        var temperature = () => NtXentLoss.Compute(zeros(4, 3), zeros(4, 3), 0);
        temperature.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*temperature*");
    }
}
