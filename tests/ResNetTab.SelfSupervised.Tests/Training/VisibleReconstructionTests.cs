using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Evaluation;
using ResNetTab.Models.Tabular;
using ResNetTab.SelfSupervised;
using ResNetTab.SelfSupervised.Losses;
using ResNetTab.SelfSupervised.Masking;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Tests.Training;

/// <summary>Reconstruction of the visible numerical cells: the objective's extra term and the scorer's <c>ScoreVisible</c>.</summary>
public sealed class VisibleReconstructionTests
{
    private static SelfSupervisedModel Model()
    {
        manual_seed(4);
        return new SelfSupervisedModel(new SelfSupervisedModelOptions
        {
            Encoder = new TabularResNetOptions { NumericalColumns = 4, Cardinalities = StructuredData.Cardinalities, Width = 16, Blocks = 1, Dropout = 0 },
            ProjectionDim = 8,
        });
    }

    [Fact]
    public void The_visible_term_adds_its_weight_times_the_mean_error_of_the_unmasked_numerical_cells()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        model.eval();
        var data = StructuredData.Create(40, seed: 5);
        using var batch = new TabularBatchSource(data, 40).Epoch(0).Single();
        var numericalMask = FeatureMasks.Bernoulli(40, 4, 0.3);
        var categoricalMask = FeatureMasks.Bernoulli(40, 2, 0.3);
        var plain = new SelfSupervisedObjective(model).MaskedLoss(batch.Numerical, batch.Categorical, numericalMask, categoricalMask);
        var visible = new SelfSupervisedObjective(model, new SelfSupervisedObjectiveOptions { VisibleWeight = 0.5 })
            .MaskedLoss(batch.Numerical, batch.Categorical, numericalMask, categoricalMask);

        var embedding = model.Embed(batch.Numerical, batch.Categorical.masked_fill(categoricalMask, 0), numericalMask);
        var cells = MaskedFeatureLoss.NumericalCellLosses(model.heads.numerical!.call(embedding), batch.Numerical);
        var expected = MaskedFeatureLoss.MaskedMean(cells, numericalMask) + (MaskedFeatureLoss.MaskedMean(cells, numericalMask.logical_not()) * 0.5);
        visible.Numerical.item<float>().Should().BeApproximately(expected.item<float>(), 1e-6f);
        visible.Categorical.item<float>().Should().Be(plain.Categorical.item<float>());
        visible.Numerical.item<float>().Should().BeGreaterThan(plain.Numerical.item<float>());
        var invalid = () => new SelfSupervisedObjectiveOptions { VisibleWeight = -1 }.Validate();
        invalid.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("VisibleWeight");
    }

    [Fact]
    public void Scoring_visible_cells_averages_each_numerical_cell_over_all_masks()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        model.eval();
        var data = StructuredData.Create(10, seed: 6);
        using var batch = new TabularBatchSource(data, 10).Epoch(0).Single();
        const int masks = 3;
        Tensor expected = zeros(10, 4);
        using (no_grad())
        {
            for (var k = 0; k < masks; k++)
            {
                var mask = FeatureMasks.Partition(10, 6, k, masks, CPU, 0);
                var embedding = model.Embed(batch.Numerical, batch.Categorical.masked_fill(mask.narrow(1, 4, 2), 0), mask.narrow(1, 0, 4));
                expected += MaskedFeatureLoss.NumericalCellLosses(model.heads.numerical!.call(embedding), batch.Numerical) / masks;
            }
            var both = CellErrors.Batch(model, batch.Numerical, batch.Categorical, masks, includeVisible: true);
            var hidden = CellErrors.Batch(model, batch.Numerical, batch.Categorical, masks);
            TensorData.ToArray<float>(both.narrow(1, 0, 4)).Zip(TensorData.ToArray<float>(expected)).Should().OnlyContain(p => Math.Abs(p.First - p.Second) < 1e-5);
            // Categorical cells keep the error under their own mask.
            TensorData.ToArray<float>(both.narrow(1, 4, 2)).Should().Equal(TensorData.ToArray<float>(hidden.narrow(1, 4, 2)));
        }
    }

    [Fact]
    public void A_scorer_that_scores_visible_cells_detects_broken_rows_and_round_trips()
    {
        using var dir = new TempFolder();
        var recipe = StructuredData.Recipe(epochs: 12);
        using var scorer = new ReconstructionScorer(StructuredData.Schema, new ReconstructionScorerOptions
        {
            Pretraining = recipe with { Objective = recipe.Objective with { VisibleWeight = 1 } },
            MaskCounts = [3],
            ScoreVisible = true,
        });
        scorer.Fit(StructuredData.Create(600, seed: 31));
        var normal = scorer.Score(StructuredData.Create(100, seed: 32));
        var broken = StructuredData.Create(20, seed: 33, anomalous: true);
        var anomalous = scorer.Score(broken);
        var labels = Enumerable.Repeat(0, normal.Length).Concat(Enumerable.Repeat(1, anomalous.Length)).ToArray();
        AnomalyMetrics.RocAuc(labels, [.. normal, .. anomalous]).Should().BeGreaterThan(0.95);

        var path = dir.File("visible.json");
        ScorerPersistence.Save(scorer, path);
        using var loaded = ScorerPersistence.Load<ReconstructionScorer>(path);
        loaded.Options.ScoreVisible.Should().BeTrue();
        loaded.Score(broken).Should().Equal(anomalous);
    }
}
