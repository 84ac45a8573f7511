using ResNetTab.Models.Tabular;
using ResNetTab.Models.Training;
using ResNetTab.SelfSupervised;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Tests.Training;

public sealed class ObjectiveTests
{
    private static SelfSupervisedModel Model(NumericalMaskMode mode = NumericalMaskMode.LearnedValue)
    {
        manual_seed(1);
        return new SelfSupervisedModel(new SelfSupervisedModelOptions
        {
            Encoder = new TabularResNetOptions { NumericalColumns = 4, Cardinalities = StructuredData.Cardinalities, Width = 16, Blocks = 1 },
            NumericalMask = mode,
            ProjectionDim = 8,
        });
    }

    [Theory]
    [InlineData(NumericalMaskMode.LearnedValue)]
    [InlineData(NumericalMaskMode.ZeroWithIndicator)]
    public void The_combined_loss_is_the_weighted_sum_and_every_part_gets_gradients(NumericalMaskMode mode)
    {
        using var scope = NewDisposeScope();
        using var model = Model(mode);
        var options = new SelfSupervisedObjectiveOptions { MaskedWeight = 1, ContrastiveWeight = 0.5, MaskProbability = 0.5 };
        var objective = new SelfSupervisedObjective(model, options);
        var data = StructuredData.Create(32, seed: 9);
        using var batch = new TabularBatchSource(data, 32).Epoch(0).Single();
        using var metrics = new MetricSums();
        model.train();
        var loss = objective.Loss(batch, metrics);
        loss.backward();
        var means = metrics.Means(32);
        loss.item<float>().Should().BeApproximately((float)(means["masked"] + (0.5 * means["contrastive"])), 1e-4f);
        model.heads.categorical!.weight!.grad.Should().NotBeNull();
        model.projection.fc2.weight!.grad.Should().NotBeNull();
        if (mode == NumericalMaskMode.LearnedValue) model.mask_value!.grad!.abs().sum().item<float>().Should().BeGreaterThan(0);
        model.OrderedStateDict().Keys.Should().Contain(["encoder.final_norm.weight", "heads.categorical.weight", "heads.numerical.weight", "projection.fc1.weight"]);
    }

    [Fact]
    public void Evaluation_losses_use_the_same_masks_every_time_and_leave_the_global_generator_alone()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var objective = new SelfSupervisedObjective(model, new SelfSupervisedObjectiveOptions { ContrastiveWeight = 1, Seed = 3 });
        var data = StructuredData.Create(64, seed: 9);
        model.eval();
        using var metrics = new MetricSums();
        var state = get_rng_state();
        using var b1 = new TabularBatchSource(data, 64).Epoch(0).Single();
        using var b2 = new TabularBatchSource(data, 64).Epoch(0).Single();
        var first = objective.Loss(b1, metrics).item<float>();
        var second = objective.Loss(b2, metrics).item<float>();
        second.Should().Be(first);
        get_rng_state().Identical(state).Should().BeTrue();
    }

    [Fact]
    public void A_batch_with_the_wrong_columns_names_the_problem()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var objective = new SelfSupervisedObjective(model);
        using var metrics = new MetricSums();
        using var batch = new TabularBatch(zeros(8, 3), zeros([8, 2], ScalarType.Int64), [.. Enumerable.Range(0, 8)]);
        var act = () => objective.Loss(batch, metrics);
        act.Should().Throw<ArgumentException>().WithMessage("*[8, 3]*4 numerical columns*");
    }
}
