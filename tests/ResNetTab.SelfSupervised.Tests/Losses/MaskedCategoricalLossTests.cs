using ResNetTab.Models.Layers;
using ResNetTab.SelfSupervised.Losses;
using ResNetTab.SelfSupervised;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Tests.Losses;

/// <summary>
/// <see cref="MaskedFeatureHeads.MaskedCategoricalLoss"/> (logits of masked rows only for columns of cardinality ≥ 16)
/// against the dense fused logits with the segmented cross-entropy, which the PyTorch oracle checks.
/// </summary>
public sealed class MaskedCategoricalLossTests
{
    // Two columns below the gathering threshold, two above it, one of them with no masked cell.
    private static readonly int[] Cards = [3, 40, 7, 120];

    private static (MaskedFeatureHeads Heads, Tensor Embedding, Tensor Targets, Tensor Mask) Case(int rows, bool emptyColumn, int width = 16)
    {
        manual_seed(11);
        var heads = new MaskedFeatureHeads(width, 2, Cards);
        var embedding = randn(rows, width);
        var targets = stack(Cards.Select(c => randint(c, [rows], dtype: ScalarType.Int64)).ToArray(), 1);
        var mask = rand(rows, Cards.Length).lt(0.3);
        if (emptyColumn) mask[TensorIndex.Colon, 3] = tensor(false);
        return (heads, embedding, targets, mask);
    }

    private static (float Loss, float[] Embedding, float[] Weight, float[] Bias) LossAndGradients(MaskedFeatureHeads heads, Tensor embedding, Tensor targets, Tensor mask, bool gathered)
    {
        using var scope = NewDisposeScope();
        heads.zero_grad();
        var input = embedding.detach().clone().requires_grad_();
        var loss = gathered
            ? heads.MaskedCategoricalLoss(input, targets, mask)
            : MaskedFeatureLoss.MaskedMean(MaskedFeatureLoss.CategoricalCellLosses(heads.call(input).Logits!, targets, heads.Offsets, Cards), mask);
        loss.backward();
        return (loss.item<float>(), TensorData.ToArray<float>(input.grad!), TensorData.ToArray<float>(heads.categorical!.weight!.grad!),
            TensorData.ToArray<float>(heads.categorical!.bias!.grad!));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Equals_the_dense_fused_loss_with_its_gradients(bool emptyColumn)
    {
        var (heads, embedding, targets, mask) = Case(50, emptyColumn);
        using (heads)
        {
            var dense = LossAndGradients(heads, embedding, targets, mask, gathered: false);
            var gathered = LossAndGradients(heads, embedding, targets, mask, gathered: true);
            gathered.Loss.Should().BeApproximately(dense.Loss, 1e-5f);
            gathered.Embedding.Zip(dense.Embedding).Should().OnlyContain(p => Math.Abs(p.First - p.Second) < 1e-6);
            gathered.Weight.Zip(dense.Weight).Should().OnlyContain(p => Math.Abs(p.First - p.Second) < 1e-6);
            gathered.Bias.Zip(dense.Bias).Should().OnlyContain(p => Math.Abs(p.First - p.Second) < 1e-6);
            dense.Weight.Should().Contain(w => w != 0, "the case must exercise the gradients");
        }
    }

    [Fact]
    public void No_masked_cell_gives_zero_and_zero_gradients()
    {
        var (heads, embedding, targets, _) = Case(20, emptyColumn: false);
        using (heads)
        {
            var result = LossAndGradients(heads, embedding, targets, zeros([20, Cards.Length], ScalarType.Bool), gathered: true);
            result.Loss.Should().Be(0);
            result.Embedding.Should().OnlyContain(g => g == 0);
            result.Weight.Should().OnlyContain(g => g == 0);
        }
    }

    [Fact]
    public void Under_mixed_precision_stays_close_to_float32()
    {
        // ~1,200 masked rows × 64 × 120 for the widest column: large enough to be multiplied in bfloat16.
        var (heads, embedding, targets, mask) = Case(4096, emptyColumn: false, width: 64);
        using (heads)
        {
            var full = LossAndGradients(heads, embedding, targets, mask, gathered: true);
            (float Loss, float[] Embedding, float[] Weight, float[] Bias) reduced;
            using (MixedPrecision.Autocast()) reduced = LossAndGradients(heads, embedding, targets, mask, gathered: true);
            reduced.Loss.Should().BeApproximately(full.Loss, 0.02f * full.Loss);
            reduced.Loss.Should().NotBe(full.Loss, "the products must actually run in bfloat16");
        }
    }

    [Fact]
    public void Wrong_shapes_are_named()
    {
        var (heads, embedding, targets, mask) = Case(10, emptyColumn: false);
        using (heads)
        {
            var act = () => heads.MaskedCategoricalLoss(embedding, targets.narrow(1, 0, 3), mask);
            act.Should().Throw<ArgumentException>().WithMessage("*[10, 3]*[10, 4]*");
        }
    }
}
