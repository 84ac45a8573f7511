using System.Globalization;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests.NN;

/// <summary>nn.init: gains, fans, PyTorch-identical seeded draws and distribution statistics.</summary>
[Collection(RandomGeneratorCollection.Name)]
public class NnInitTests
{
    private static readonly Dictionary<string, Func<Tensor[]>> Seeded = new()
    {
        ["seeded_linear"] = () => Parameters(nn.Linear(5, 3)),
        ["seeded_conv2d"] = () => Parameters(nn.Conv2d(2, 4, 3)),
        ["seeded_conv1d_groups"] = () => Parameters(nn.Conv1d(4, 2, 3, groups: 2)),
        ["seeded_embedding_padding"] = () => Parameters(nn.Embedding(4, 3, padding_idx: 1)),
        ["seeded_kaiming_normal_fan_out_relu"] = () => [nn.init.kaiming_normal_(empty(6, 4, 2), mode: "fan_out", nonlinearity: "relu")],
        ["seeded_kaiming_uniform"] = () => [nn.init.kaiming_uniform_(empty(3, 7))],
        ["seeded_xavier_uniform_gain"] = () => [nn.init.xavier_uniform_(empty(4, 5), gain: 2.0)],
        ["seeded_xavier_normal"] = () => [nn.init.xavier_normal_(empty(5, 2, 3))],
        ["seeded_uniform_normal"] = () => [nn.init.uniform_(empty(4), -2.0, 3.0), nn.init.normal_(empty(4), 1.0, 0.5)],
    };

    private static Tensor[] Parameters(nn.Module module) => module.parameters().Cast<Tensor>().ToArray();

    public static TheoryData<string> SeededCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in OracleData.Load(NnLayerOracleTests.File).Values.Where(c => c.Op == "seeded")) data.Add(c.Name);
        return data;
    }

    [Fact]
    public void Every_seeded_case_is_covered() =>
        OracleData.Load(NnLayerOracleTests.File).Values.Where(c => c.Op == "seeded").Select(c => c.Name).Should().BeEquivalentTo(Seeded.Keys);

    [Theory]
    [MemberData(nameof(SeededCases))]
    public void Default_and_explicit_initialisation_draw_exactly_as_pytorch(string name)
    {
        var c = OracleData.Case(NnLayerOracleTests.File, name);
        using var scope = NewDisposeScope();
        manual_seed(c.Long("seed"));
        var tensors = Seeded[name]();
        tensors.Length.Should().Be(c.Outputs.Length);
        for (var i = 0; i < tensors.Length; i++) OracleAssert.Matches(tensors[i], c.Outputs[i], $"{name} tensor {i}");
    }

    [Fact]
    public void Calculate_gain_equals_pytorch_exactly()
    {
        var gains = OracleData.Case(NnLayerOracleTests.File, "calculate_gain").Args.GetProperty("gains");
        var count = 0;
        foreach (var g in gains.EnumerateObject())
        {
            var parts = g.Name.Split(':');
            double? param = parts.Length > 1 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : null;
            nn.init.calculate_gain(parts[0], param).Should().Be(g.Value.GetDouble(), g.Name);
            count++;
        }
        count.Should().Be(10);
        nn.init.calculate_gain("relu").Should().Be(Math.Sqrt(2));
        nn.init.calculate_gain("tanh").Should().Be(5.0 / 3);
        FluentActions.Invoking(() => nn.init.calculate_gain("swish")).Should().Throw<ArgumentException>().WithMessage("Unsupported nonlinearity swish*");
    }

    [Fact]
    public void Fan_in_and_fan_out_follow_pytorch()
    {
        using var scope = NewDisposeScope();
        nn.init.calculate_fan_in_and_fan_out(empty(3, 5)).Should().Be((5L, 3L));
        nn.init.calculate_fan_in_and_fan_out(empty(64, 3, 7, 7)).Should().Be((3L * 49, 64L * 49));
        nn.init.calculate_fan_in_and_fan_out(empty(8, 2, 3)).Should().Be((6L, 24L));
        FluentActions.Invoking(() => nn.init.calculate_fan_in_and_fan_out(empty(4))).Should().Throw<ArgumentException>()
            .WithMessage("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions*");
        FluentActions.Invoking(() => nn.init.kaiming_uniform_(empty(4, 4), mode: "fan_avg")).Should().Throw<ArgumentException>()
            .WithMessage("Mode fan_avg not supported*");
    }

    [Fact]
    public void Kaiming_and_xavier_statistics_match_their_formulas()
    {
        using var scope = NewDisposeScope();
        manual_seed(2024);
        // kaiming_uniform_ default (leaky_relu, a = 0): bound = √3·√2/√fan_in = √(6/fan_in).
        var w = nn.init.kaiming_uniform_(empty(256, 512));
        var bound = Math.Sqrt(6.0 / 512);
        w.abs().max().item<float>().Should().BeLessThanOrEqualTo((float)bound);
        w.abs().max().item<float>().Should().BeGreaterThan((float)(0.99 * bound));
        w.std().item<float>().Should().BeApproximately((float)(bound / Math.Sqrt(3)), (float)(0.02 * bound));

        // Linear's a = √5: bound = 1/√fan_in.
        using var linear = nn.Linear(400, 300);
        linear.weight.abs().max().item<float>().Should().BeLessThanOrEqualTo((float)(1 / Math.Sqrt(400)));
        linear.weight.abs().max().item<float>().Should().BeGreaterThan((float)(0.99 / Math.Sqrt(400)));
        linear.bias!.abs().max().item<float>().Should().BeLessThanOrEqualTo((float)(1 / Math.Sqrt(400)));

        var kn = nn.init.kaiming_normal_(empty(300, 200, 2), mode: "fan_out", nonlinearity: "relu");
        kn.std().item<float>().Should().BeApproximately((float)(Math.Sqrt(2) / Math.Sqrt(600)), 0.02f * (float)(Math.Sqrt(2) / Math.Sqrt(600)));
        kn.mean().item<float>().Should().BeApproximately(0f, 0.002f);

        var xu = nn.init.xavier_uniform_(empty(200, 300));
        var a = Math.Sqrt(6.0 / 500);
        xu.abs().max().item<float>().Should().BeLessThanOrEqualTo((float)a);
        xu.std().item<float>().Should().BeApproximately((float)(a / Math.Sqrt(3)), (float)(0.02 * a));

        var xn = nn.init.xavier_normal_(empty(200, 300), gain: nn.init.calculate_gain("tanh"));
        xn.std().item<float>().Should().BeApproximately((float)(5.0 / 3 * Math.Sqrt(2.0 / 500)), 0.02f * (float)(5.0 / 3 * Math.Sqrt(2.0 / 500)));
    }

    [Fact]
    public void Initialisers_work_in_place_under_no_grad_on_parameters()
    {
        using var scope = NewDisposeScope();
        using var linear = nn.Linear(3, 2);
        var weight = linear.weight;
        nn.init.constant_(weight, 0.25).Should().BeSameAs(weight);
        weight.ReadAll<float>().Should().AllBeEquivalentTo(0.25f);
        weight.requires_grad.Should().BeTrue();
        weight.is_leaf.Should().BeTrue();
        nn.init.ones_(linear.bias!).ReadAll<float>().Should().AllBeEquivalentTo(1f);
        nn.init.zeros_(weight).ReadAll<float>().Should().AllBeEquivalentTo(0f);
        nn.init.kaiming_uniform_(empty(0, 3)).numel().Should().Be(0);
        is_grad_enabled().Should().BeTrue();
    }
}

/// <summary>Dropout's training-mode statistics and evaluation identity.</summary>
[Collection(RandomGeneratorCollection.Name)]
public class NnDropoutTests
{
    [Fact]
    public void Dropout_is_the_identity_in_evaluation_mode()
    {
        using var scope = NewDisposeScope();
        using var dropout = nn.Dropout(0.4);
        dropout.eval();
        var x = arange(0.0, 12.0).reshape(3, 4);
        dropout.call(x).ReadAll<float>().Should().Equal(x.ReadAll<float>());
    }

    [Fact]
    public void Dropout_in_training_zeroes_about_p_and_scales_the_rest_by_one_over_one_minus_p()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var dropout = nn.Dropout(0.3);
        dropout.training.Should().BeTrue();
        var x = ones(100_000);
        var y = dropout.call(x).ReadAll<float>();
        var zeros = y.Count(v => v == 0);
        ((double)zeros / y.Length).Should().BeApproximately(0.3, 0.01);
        y.Where(v => v != 0).Should().AllSatisfy(v => v.Should().BeApproximately(1 / 0.7f, 1e-6f));
        y.Average(v => (double)v).Should().BeApproximately(1.0, 0.02);
    }

    [Fact]
    public void Dropout_backward_passes_the_same_mask_and_scale()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        using var dropout = nn.Dropout(0.5);
        var x = ones([1000], requires_grad: true);
        var y = dropout.call(x);
        y.sum().backward();
        x.grad!.ReadAll<float>().Should().Equal(y.ReadAll<float>());
    }

    [Fact]
    public void Dropout_rejects_a_probability_outside_zero_to_one()
    {
        FluentActions.Invoking(() => nn.Dropout(-0.1)).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("dropout probability has to be between 0 and 1, but got -0.1*");
    }
}
