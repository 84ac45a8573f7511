using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests.NN;

/// <summary>Wrong input shapes and bad configurations fail with messages that name the layer and the shapes.</summary>
public class NnLayerErrorTests
{
    private static void Fails(Func<nn.Module<Tensor, Tensor>> layer, long[] shape, string message, ScalarType dtype = ScalarType.Float32)
    {
        using var scope = NewDisposeScope();
        using var module = layer();
        var input = zeros(shape, dtype);
        FluentActions.Invoking(() => module.call(input)).Should().Throw<ArgumentException>().WithMessage(message + "*");
    }

    [Fact]
    public void Linear_names_the_expected_last_dimension() =>
        Fails(() => nn.Linear(4, 3), [2, 5], "Linear expected input with last dimension 4, got shape [2, 5]");

    [Fact]
    public void Convolutions_name_the_expected_layout()
    {
        Fails(() => nn.Conv2d(3, 8, 3), [2, 4, 8, 8], "Conv2d expected input of shape [N, 3, H, W] or [3, H, W], got shape [2, 4, 8, 8]");
        Fails(() => nn.Conv2d(3, 8, 3), [8, 8], "Conv2d expected input of shape [N, 3, H, W] or [3, H, W], got shape [8, 8]");
        Fails(() => nn.Conv1d(2, 4, 3), [2, 2, 4, 5], "Conv1d expected input of shape [N, 2, L] or [2, L], got shape [2, 2, 4, 5]");
    }

    [Fact]
    public void Normalisation_layers_name_rank_channels_and_trailing_dimensions()
    {
        Fails(() => nn.BatchNorm2d(3), [2, 3, 4], "BatchNorm2d expected 4D input (got 3D input of shape [2, 3, 4])");
        Fails(() => nn.BatchNorm1d(3), [2, 4], "BatchNorm1d(3) expected input with 3 channels in dimension 1, got shape [2, 4]");
        Fails(() => nn.BatchNorm1d(3), [1, 3], "Expected more than 1 value per channel when training, got input size [1, 3]");
        Fails(() => nn.LayerNorm(4), [2, 5], "LayerNorm expected input with trailing dimensions [4], got shape [2, 5]");
        Fails(() => nn.LayerNorm([2, 4]), [4], "LayerNorm expected input with trailing dimensions [2, 4], got shape [4]");
    }

    [Fact]
    public void Embedding_names_bad_index_types_and_ranges()
    {
        Fails(() => nn.Embedding(5, 2), [3], "Embedding expected integer indices (Int64 or Int32), got Float32");
        using var scope = NewDisposeScope();
        using var emb = nn.Embedding(5, 2);
        FluentActions.Invoking(() => emb.call(tensor(new long[] { 1, 7 }))).Should().Throw<ArgumentException>()
            .WithMessage("Embedding(5, 2) got an index outside [0, 5)*");
        FluentActions.Invoking(() => nn.Embedding(5, 2, padding_idx: 5)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*within num_embeddings*");
    }

    [Fact]
    public void Pooling_layers_name_the_expected_rank()
    {
        Fails(() => nn.MaxPool2d(2), [4, 4], "MaxPool2d expected a 3D [C, H, W] or 4D [N, C, H, W] input, got shape [4, 4]");
        Fails(() => nn.AvgPool2d(2), [1, 1, 1, 4, 4], "AvgPool2d expected a 3D [C, H, W] or 4D [N, C, H, W] input, got shape [1, 1, 1, 4, 4]");
        Fails(() => nn.AdaptiveAvgPool2d(1), [4], "AdaptiveAvgPool2d expected a 3D [C, H, W] or 4D [N, C, H, W] input, got shape [4]");
    }

    [Fact]
    public void Bad_configurations_fail_at_construction()
    {
        FluentActions.Invoking(() => nn.Conv2d(3, 4, 3, groups: 2)).Should().Throw<ArgumentException>().WithMessage("in_channels (3) must be divisible by groups (2)*");
        FluentActions.Invoking(() => nn.Conv2d(4, 3, 3, groups: 2)).Should().Throw<ArgumentException>().WithMessage("out_channels (3) must be divisible by groups (2)*");
        FluentActions.Invoking(() => nn.Conv2d(4, 4, 3, groups: 0)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("groups must be a positive integer*");
        FluentActions.Invoking(() => nn.Conv2d(2, 2, 3, padding: "same", stride: 2)).Should().Throw<ArgumentException>()
            .WithMessage("padding='same' is not supported for strided convolutions*");
        FluentActions.Invoking(() => nn.Conv1d(2, 2, 3, padding_mode: "mirror")).Should().Throw<ArgumentException>().WithMessage("padding_mode must be one of*");
        FluentActions.Invoking(() => nn.GELU("fast")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_kernel_larger_than_the_input_reports_libtorchs_explanation()
    {
        using var scope = NewDisposeScope();
        using var conv = nn.Conv2d(1, 1, 5);
        FluentActions.Invoking(() => conv.call(zeros(1, 1, 3, 3))).Should().Throw<TorchException>().WithMessage("*Kernel size can't be greater than actual input size*");
    }
}
