using static ResNetTab.Torch.torch;
using F = ResNetTab.Torch.torch.nn.functional;

namespace ResNetTab.Torch.Tests.NN;

/// <summary>torch.nn.functional forward and input gradients against PyTorch 1.13 (Oracle/nn_layers.json, cases "F_*").</summary>
public class NnFunctionalOracleTests
{
    private const double Rtol = 2e-5;

    private static readonly Dictionary<string, Func<Tensor[], Tensor>> Functions = new()
    {
        ["F_softmax"] = x => F.softmax(x[0], 1),
        ["F_softmax_dim0_f64"] = x => F.softmax(x[0], 0, ScalarType.Float64),
        ["F_log_softmax"] = x => F.log_softmax(x[0], -1),
        ["F_relu"] = x => F.relu(x[0]),
        ["F_gelu_tanh"] = x => F.gelu(x[0], approximate: "tanh"),
        ["F_sigmoid"] = x => F.sigmoid(x[0]),
        ["F_linear"] = x => F.linear(x[0], x[1], x[2]),
        ["F_conv1d"] = x => F.conv1d(x[0], x[1], x[2], stride: 2, padding: 1),
        ["F_conv2d_same"] = x => F.conv2d(x[0], x[1], null, 1, "same"),
        ["F_conv2d_tuple"] = x => F.conv2d(x[0], x[1], null, stride: (2, 1), padding: (1, 0), groups: 2),
        ["F_layer_norm"] = x => F.layer_norm(x[0], [4], x[1], x[2], 1e-5),
        ["F_batch_norm_eval"] = x => F.batch_norm(x[0], Wave([3], 5.0, 0.1), Wave([3], 6.0).abs() + 0.5, x[1], x[2], training: false),
        ["F_batch_norm_train_no_stats"] = x => F.batch_norm(x[0], null, null, training: true),
        ["F_embedding"] = x => F.embedding(x[0], x[1], padding_idx: 0),
        ["F_normalize"] = x => F.normalize(x[0], p: 2.0, dim: 1),
        ["F_normalize_p1_dim0"] = x => F.normalize(x[0], p: 1.0, dim: 0),
        ["F_normalize_zero_row"] = x => F.normalize(x[0]),
        ["F_pad_constant"] = x => F.pad(x[0], [1, 2], value: -1.5),
        ["F_pad_constant_2d"] = x => F.pad(x[0], [1, 0, 0, 2]),
        ["F_pad_reflect"] = x => F.pad(x[0], [2, 1], mode: "reflect"),
        ["F_pad_replicate"] = x => F.pad(x[0], [1, 1, 2, 0], mode: "replicate"),
        ["F_pad_circular"] = x => F.pad(x[0], [1, 2], mode: "circular"),
        ["F_one_hot"] = x => F.one_hot(x[0]),
        ["F_one_hot_classes"] = x => F.one_hot(x[0], 5),
        ["F_cosine_similarity"] = x => F.cosine_similarity(x[0], x[1]),
        ["F_cosine_similarity_broadcast_dim0"] = x => F.cosine_similarity(x[0], x[1], dim: 0),
        ["F_max_pool2d"] = x => F.max_pool2d(x[0], 2, stride: 1, padding: 1),
        ["F_avg_pool2d"] = x => F.avg_pool2d(x[0], 3, 2, 1, ceil_mode: false, count_include_pad: false),
        ["F_adaptive_avg_pool2d"] = x => F.adaptive_avg_pool2d(x[0], (2, 3)),
    };

    /// <summary>The generator's wave(): scale · sin(0.7 i + offset + 0.3), computed in float64 then rounded to float32.</summary>
    private static Tensor Wave(long[] shape, double offset = 0, double scale = 1)
    {
        var n = shape.Aggregate(1L, (a, b) => a * b);
        var values = new float[n];
        for (var i = 0; i < n; i++) values[i] = (float)(Math.Sin(i * 0.7 + offset + 0.3) * scale);
        return tensor(values, shape);
    }

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in OracleData.Load(NnLayerOracleTests.File).Values.Where(c => c.Op == "functional")) data.Add(c.Name);
        return data;
    }

    [Fact]
    public void Every_oracle_functional_case_has_a_function_here_and_back() =>
        OracleData.Load(NnLayerOracleTests.File).Values.Where(c => c.Op == "functional").Select(c => c.Name)
            .Should().BeEquivalentTo(Functions.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Functional_forward_and_input_grads_match_pytorch(string name)
    {
        var c = OracleData.Case(NnLayerOracleTests.File, name);
        using var scope = NewDisposeScope();
        var xs = c.Inputs[..^1].Select(i => i.ToTensor(requires_grad: i.IsFloating)).ToArray();
        var y = Functions[name](xs);
        OracleAssert.Matches(y, c.Outputs[0], $"{name} output", Rtol);
        if (c.Outputs.Length == 1) return;

        (y * c.Inputs[^1].ToTensor()).sum().backward();
        var k = 1;
        foreach (var x in xs.Where(x => x.is_floating_point()))
            OracleAssert.Matches(x.grad!, c.Outputs[k], $"{name} grad of input {k++ - 1}", Rtol);
        k.Should().Be(c.Outputs.Length);
    }

    [Fact]
    public void Max_pool2d_with_indices_matches_pytorch()
    {
        var c = OracleData.Case(NnLayerOracleTests.File, "max_pool2d_with_indices");
        using var scope = NewDisposeScope();
        var (output, indices) = F.max_pool2d_with_indices(c.Inputs[0].ToTensor(), [2]);
        OracleAssert.Matches(output, c.Outputs[0], "values");
        OracleAssert.Matches(indices, c.Outputs[1], "indices");
    }

    [Fact]
    public void Relu_inplace_overwrites_and_returns_the_input()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { -1f, 2f, -3f });
        F.relu(x, inplace: true).Should().BeSameAs(x);
        x.ReadAll<float>().Should().Equal(0f, 2f, 0f);
    }

    [Fact]
    public void Dropout_functional_is_identity_when_not_training_or_p_zero_and_zero_with_p_one()
    {
        using var scope = NewDisposeScope();
        var x = arange(1.0, 7.0).reshape(2, 3);
        F.dropout(x, 0.5, training: false).ReadAll<float>().Should().Equal(x.ReadAll<float>());
        F.dropout(x, 0.0).ReadAll<float>().Should().Equal(x.ReadAll<float>());
        F.dropout(x, 1.0).ReadAll<float>().Should().AllBeEquivalentTo(0f);
    }

    [Fact]
    public void Functional_arguments_are_validated_with_clear_messages()
    {
        using var scope = NewDisposeScope();
        var x = ones(2, 3);
        FluentActions.Invoking(() => F.dropout(x, 1.5)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*between 0 and 1*1.5*");
        FluentActions.Invoking(() => F.gelu(x, "fast")).Should().Throw<ArgumentException>().WithMessage("*'none' or 'tanh'*");
        FluentActions.Invoking(() => F.pad(x, [1])).Should().Throw<ArgumentException>().WithMessage("*divisible by 2*");
        FluentActions.Invoking(() => F.pad(x, [1, 1], mode: "mirror")).Should().Throw<ArgumentException>().WithMessage("*mirror*");
        FluentActions.Invoking(() => F.one_hot(x)).Should().Throw<ArgumentException>().WithMessage("*index tensors*Float32*");
        FluentActions.Invoking(() => F.conv2d(ones(1, 1, 3, 3), ones(1, 1, 2, 2), null, 1, "full")).Should().Throw<ArgumentException>().WithMessage("*'valid', 'same'*");
        FluentActions.Invoking(() => F.batch_norm(ones(1, 3), null, null, training: true)).Should().Throw<ArgumentException>()
            .WithMessage("Expected more than 1 value per channel when training, got input size [1, 3]*");
        FluentActions.Invoking(() => F.embedding(tensor(new long[] { 0 }), ones(3, 2), padding_idx: 3)).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*within num_embeddings*");
    }
}
