using System.Text.Json;
using ResNetTab.Torch.Modules;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests.NN;

/// <summary>
/// Forward and backward of every layer against PyTorch 1.13 on fixed weights and inputs
/// (Oracle/generate_nn_layers.py → Oracle/nn_layers.json).
/// </summary>
public class NnLayerOracleTests
{
    internal const string File = "nn_layers.json";
    private const double Rtol = 2e-5;

    /// <summary>The modules of the layer cases, built exactly as the generator builds them.</summary>
    private static readonly Dictionary<string, Func<nn.Module<Tensor, Tensor>>> Layers = new()
    {
        ["linear"] = () => nn.Linear(4, 3),
        ["linear_3d_input"] = () => nn.Linear(4, 2),
        ["linear_no_bias"] = () => nn.Linear(5, 3, bias: false),
        ["conv1d"] = () => nn.Conv1d(2, 4, 3, stride: 2, padding: 1),
        ["conv1d_groups_dilation"] = () => nn.Conv1d(4, 2, 3, dilation: 2, groups: 2, bias: false),
        ["conv1d_same_reflect"] = () => nn.Conv1d(2, 3, 4, padding: "same", padding_mode: "reflect"),
        ["conv1d_unbatched"] = () => nn.Conv1d(2, 3, 2),
        ["conv2d"] = () => nn.Conv2d(3, 4, 3, padding: 1),
        ["conv2d_tuple_groups"] = () => nn.Conv2d(4, 4, (3, 2), stride: (2, 1), padding: (1, 0), dilation: (1, 2), groups: 2),
        ["conv2d_same_circular"] = () => nn.Conv2d(2, 2, 3, padding: "same", padding_mode: "circular", bias: false),
        ["conv2d_valid_replicate"] = () => nn.Conv2d(2, 3, 2, stride: 2, padding: 1, padding_mode: "replicate"),
        ["layernorm"] = () => nn.LayerNorm(4),
        ["layernorm_2d_no_affine"] = () => nn.LayerNorm([3, 4], eps: 1e-3, elementwise_affine: false),
        ["embedding_padding"] = () => nn.Embedding(6, 3, padding_idx: 2),
        ["embedding_negative_padding"] = () => nn.Embedding(5, 2, padding_idx: -1),
        ["relu"] = () => nn.ReLU(),
        ["gelu"] = () => nn.GELU(),
        ["gelu_tanh"] = () => nn.GELU(approximate: "tanh"),
        ["sigmoid"] = () => nn.Sigmoid(),
        ["tanh"] = () => nn.Tanh(),
        ["identity"] = () => nn.Identity(),
        ["flatten"] = () => nn.Flatten(),
        ["flatten_range"] = () => nn.Flatten(0, 1),
        ["dropout_eval"] = () => Eval(nn.Dropout(0.3)),
        ["maxpool2d"] = () => nn.MaxPool2d(2),
        ["maxpool2d_tuple_ceil"] = () => nn.MaxPool2d((3, 2), stride: (2, 1), padding: (1, 0), ceil_mode: true),
        ["maxpool2d_dilation"] = () => nn.MaxPool2d(2, stride: 1, dilation: 2),
        ["avgpool2d"] = () => nn.AvgPool2d(2),
        ["avgpool2d_pad_exclude"] = () => nn.AvgPool2d(3, stride: 2, padding: 1, count_include_pad: false),
        ["avgpool2d_divisor_ceil"] = () => nn.AvgPool2d((2, 3), ceil_mode: true, divisor_override: 4),
        ["adaptiveavgpool2d"] = () => nn.AdaptiveAvgPool2d(2),
        ["adaptiveavgpool2d_none"] = () => nn.AdaptiveAvgPool2d((3, null)),
        ["adaptiveavgpool2d_unbatched"] = () => nn.AdaptiveAvgPool2d((1, 1)),
        ["sequential"] = () => nn.Sequential(nn.Conv2d(2, 3, 3, padding: 1), Eval(nn.BatchNorm2d(3)), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
            nn.Flatten(), nn.Linear(3, 2)),
    };

    private static readonly Dictionary<string, Func<BatchNormBase>> BatchNorms = new()
    {
        ["batchnorm1d"] = () => nn.BatchNorm1d(3),
        ["batchnorm1d_3d"] = () => nn.BatchNorm1d(2, eps: 1e-3, momentum: 0.3),
        ["batchnorm1d_cumulative"] = () => nn.BatchNorm1d(3, momentum: null),
        ["batchnorm2d"] = () => nn.BatchNorm2d(2),
        ["batchnorm2d_no_affine"] = () => nn.BatchNorm2d(3, affine: false),
        ["batchnorm2d_untracked"] = () => nn.BatchNorm2d(2, track_running_stats: false),
    };

    private static T Eval<T>(T module) where T : nn.Module
    {
        module.eval();
        return module;
    }

    public static TheoryData<string> LayerCases() => CasesOf("layer");

    public static TheoryData<string> BatchNormCases() => CasesOf("batchnorm");

    private static TheoryData<string> CasesOf(string op)
    {
        var data = new TheoryData<string>();
        foreach (var c in OracleData.Load(File).Values.Where(c => c.Op == op)) data.Add(c.Name);
        return data;
    }

    [Fact]
    public void Every_oracle_layer_case_has_a_module_here_and_back()
    {
        var all = OracleData.Load(File).Values;
        all.Where(c => c.Op == "layer").Select(c => c.Name).Should().BeEquivalentTo(Layers.Keys);
        all.Where(c => c.Op == "batchnorm").Select(c => c.Name).Should().BeEquivalentTo(BatchNorms.Keys);
    }

    internal static string[] Strings(OracleCase c, string name) => c.Args.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>Loads the case's state tensors (inputs from <paramref name="first"/> on) into the module by name.</summary>
    internal static void LoadState(nn.Module module, OracleCase c, int first)
    {
        var keys = Strings(c, "state");
        module.state_dict().Keys.Should().Equal(keys, "state_dict keys and order of {0} must be PyTorch's", c.Name);
        var state = keys.Select((k, i) => new KeyValuePair<string, Tensor>(k, c.Inputs[first + i].ToTensor())).ToList();
        module.load_state_dict(state);
    }

    internal static void CheckParameterGrads(nn.Module module, OracleCase c, int firstOutput)
    {
        var names = Strings(c, "params");
        var parameters = module.named_parameters().ToList();
        parameters.Select(p => p.name).Should().Equal(names, "parameter names and order of {0}", c.Name);
        for (var i = 0; i < names.Length; i++)
        {
            using var grad = parameters[i].parameter.grad;
            grad.Should().NotBeNull("{0} should have a gradient", names[i]);
            OracleAssert.Matches(grad!, c.Outputs[firstOutput + i], $"{c.Name} grad of {names[i]}", Rtol);
        }
    }

    [Theory]
    [MemberData(nameof(LayerCases))]
    public void Layer_forward_and_backward_match_pytorch(string name)
    {
        var c = OracleData.Case(File, name);
        using var scope = NewDisposeScope();
        using var module = Layers[name]();
        LoadState(module, c, 2);
        var floating = c.Inputs[0].IsFloating;
        var x = c.Inputs[0].ToTensor(requires_grad: floating);
        var y = module.call(x);
        OracleAssert.Matches(y, c.Outputs[0], $"{name} output", Rtol);

        (y * c.Inputs[1].ToTensor()).sum().backward();
        if (floating) OracleAssert.Matches(x.grad!, c.Outputs[1], $"{name} input grad", Rtol);
        CheckParameterGrads(module, c, 2);
        module.ToString().Should().Be(c.Str("repr"));
    }

    [Theory]
    [MemberData(nameof(BatchNormCases))]
    public void BatchNorm_training_updates_and_evaluation_match_pytorch(string name)
    {
        var c = OracleData.Case(File, name);
        using var scope = NewDisposeScope();
        using var bn = BatchNorms[name]();
        LoadState(bn, c, 4);
        bn.training.Should().BeTrue();
        var x = c.Inputs[0].ToTensor(requires_grad: true);
        var y = bn.call(x);
        OracleAssert.Matches(y, c.Outputs[0], $"{name} training output", Rtol);
        (y * c.Inputs[1].ToTensor()).sum().backward();
        OracleAssert.Matches(x.grad!, c.Outputs[1], $"{name} input grad", Rtol);
        CheckParameterGrads(bn, c, 2);

        using (no_grad()) bn.call(c.Inputs[2].ToTensor());
        bn.eval();
        var yEval = bn.call(c.Inputs[3].ToTensor());

        var next = 2 + Strings(c, "params").Length;
        if (bn.track_running_stats)
        {
            OracleAssert.Matches(bn.running_mean!, c.Outputs[next], $"{name} running_mean", Rtol);
            OracleAssert.Matches(bn.running_var!, c.Outputs[next + 1], $"{name} running_var", Rtol);
            OracleAssert.Matches(bn.num_batches_tracked!, c.Outputs[next + 2], $"{name} num_batches_tracked");
            next += 3;
        }
        else
        {
            bn.running_mean.Should().BeNull();
            bn.named_buffers().Should().BeEmpty();
        }
        OracleAssert.Matches(yEval, c.Outputs[next], $"{name} evaluation output", Rtol);
        bn.ToString().Should().Be(c.Str("repr"));
    }

    [Fact]
    public void Embedding_max_norm_renormalises_looked_up_rows_like_pytorch()
    {
        var c = OracleData.Case(File, "embedding_max_norm");
        using var scope = NewDisposeScope();
        using var emb = nn.Embedding(5, 3, max_norm: 0.6);
        LoadState(emb, c, 2);
        var y = emb.call(c.Inputs[0].ToTensor());
        OracleAssert.Matches(y, c.Outputs[0], "output", Rtol);
        (y * c.Inputs[1].ToTensor()).sum().backward();
        OracleAssert.Matches(emb.weight, c.Outputs[1], "renormalised weight", Rtol);
        using var grad = emb.weight.grad;
        OracleAssert.Matches(grad!, c.Outputs[2], "weight grad", Rtol);
        emb.ToString().Should().Be(c.Str("repr"));
    }

    [Fact]
    public void Embedding_padding_row_gets_no_gradient_and_is_zero_initialised()
    {
        using var scope = NewDisposeScope();
        using var emb = nn.Embedding(4, 3, padding_idx: 1);
        emb.weight.select(0, 1).ReadAll<float>().Should().AllBeEquivalentTo(0f);
        emb.weight.select(0, 0).abs().sum().item<float>().Should().BeGreaterThan(0);
        emb.call(tensor(new long[] { 1, 1, 0, 3 })).sum().backward();
        using var grad = emb.weight.grad!;
        grad.select(0, 1).ReadAll<float>().Should().AllBeEquivalentTo(0f);
        grad.select(0, 0).ReadAll<float>().Should().AllBeEquivalentTo(1f);
        grad.select(0, 2).ReadAll<float>().Should().AllBeEquivalentTo(0f);
    }
}
