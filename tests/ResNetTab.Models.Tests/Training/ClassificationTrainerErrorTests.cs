using ResNetTab.Models.Datasets;
using ResNetTab.Models.Training;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Training;

/// <summary>Bad settings and bad batches are reported with what is wrong.</summary>
public sealed class ClassificationTrainerErrorTests
{
    [Theory]
    [InlineData(nameof(ClassificationTrainerOptions.Epochs))]
    [InlineData(nameof(ClassificationTrainerOptions.LearningRate))]
    [InlineData(nameof(ClassificationTrainerOptions.MinLearningRate))]
    [InlineData(nameof(ClassificationTrainerOptions.Momentum))]
    [InlineData(nameof(ClassificationTrainerOptions.WeightDecay))]
    [InlineData(nameof(ClassificationTrainerOptions.LabelSmoothing))]
    [InlineData(nameof(ClassificationTrainerOptions.ProgressInterval))]
    public void Out_of_range_settings_name_the_setting(string setting)
    {
        var options = setting switch
        {
            nameof(ClassificationTrainerOptions.Epochs) => new ClassificationTrainerOptions { Epochs = 0 },
            nameof(ClassificationTrainerOptions.LearningRate) => new ClassificationTrainerOptions { LearningRate = double.NaN },
            nameof(ClassificationTrainerOptions.MinLearningRate) => new ClassificationTrainerOptions { MinLearningRate = 0.5 },
            nameof(ClassificationTrainerOptions.Momentum) => new ClassificationTrainerOptions { Momentum = 1 },
            nameof(ClassificationTrainerOptions.WeightDecay) => new ClassificationTrainerOptions { WeightDecay = -1 },
            nameof(ClassificationTrainerOptions.LabelSmoothing) => new ClassificationTrainerOptions { LabelSmoothing = 2 },
            _ => new ClassificationTrainerOptions { ProgressInterval = 0 },
        };
        using var model = nn.Linear(4, 3);
        var act = () => new ClassificationTrainer(model, options);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(setting);
    }

    private static DataLoader Loader(Tensor x, Tensor y) =>
        new(new TensorDataset(x.DetachFromDisposeScope(), y.DetachFromDisposeScope()), 4, prefetch: 0);

    [Fact]
    public void Targets_that_do_not_fit_the_logits_are_named()
    {
        using var scope = NewDisposeScope();
        using var model = nn.Linear(4, 3);
        using var trainer = new ClassificationTrainer(model);
        var wrongCount = Loader(randn(8, 4), zeros([8, 2], dtype: ScalarType.Int64));
        trainer.Invoking(t => t.Fit(wrongCount)).Should().Throw<ArgumentException>().WithMessage("*targets have shape [4, 2]*logits [4, 3]*");

        var outOfRange = Loader(randn(8, 4), tensor(new long[] { 0, 1, 2, 3, 0, 1, 2, 0 }, [8]));
        trainer.Invoking(t => t.Fit(outOfRange)).Should().Throw<Exception>().WithMessage("*out of bounds*");
    }

    [Fact]
    public void A_model_that_does_not_return_logits_is_named()
    {
        using var scope = NewDisposeScope();
        using var model = nn.Sequential(nn.Linear(4, 3), nn.Flatten(0));
        using var trainer = new ClassificationTrainer(model);
        trainer.Invoking(t => t.Fit(Loader(randn(8, 4), zeros([8], dtype: ScalarType.Int64))))
            .Should().Throw<ArgumentException>().WithMessage("*returned shape [12]*logits [batch, classes]*");
    }

    [Fact]
    public void A_non_finite_loss_stops_training_with_its_epoch_and_batch()
    {
        using var scope = NewDisposeScope();
        using var model = nn.Linear(4, 3);
        using var trainer = new ClassificationTrainer(model);
        var values = Enumerable.Range(0, 32).Select(i => (float)Math.Sin(i)).ToArray();
        values[(5 * 4) + 2] = float.NaN; // row 5: the second batch of four
        var x = tensor(values, [8, 4]);
        trainer.Invoking(t => t.Fit(Loader(x, zeros([8], dtype: ScalarType.Int64))))
            .Should().Throw<ArithmeticException>().WithMessage("*NaN at epoch 0, batch 1*");
        trainer.CompletedEpochs.Should().Be(0);
    }
}
