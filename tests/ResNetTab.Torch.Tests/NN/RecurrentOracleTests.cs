using System.Text.Json;
using ResNetTab.Torch.Modules;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests.NN;

/// <summary>LSTM and GRU against PyTorch 1.13 (Oracle/generate_recurrent.py → recurrent.json) on formula weights.</summary>
[Collection(RandomGeneratorCollection.Name)]
public class RecurrentOracleTests
{
    private static readonly JsonElement[] Cases = LoadCases();

    private static JsonElement[] LoadCases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Oracle", "recurrent.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToArray();
    }

    public static TheoryData<int> Indices()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Cases.Length; i++) data.Add(i);
        return data;
    }

    private static double[] Doubles(JsonElement c, string name) => c.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static void ShouldMatch(double[] actual, double[] expected, string what)
    {
        actual.Length.Should().Be(expected.Length, what);
        for (var i = 0; i < expected.Length; i++) actual[i].Should().BeApproximately(expected[i], 1e-10 * (1 + Math.Abs(expected[i])), $"{what}[{i}]");
    }

    private static RecurrentBase Build(JsonElement c)
    {
        var a = c.GetProperty("args");
        long Get(string n, long d) => a.TryGetProperty(n, out var v) ? v.GetInt64() : d;
        bool Flag(string n, bool d) => a.TryGetProperty(n, out var v) ? v.GetBoolean() : d;
        return c.GetProperty("kind").GetString() == "lstm"
            ? nn.LSTM(Get("input_size", 0), Get("hidden_size", 0), Get("num_layers", 1), Flag("bias", true), Flag("batch_first", false), 0, Flag("bidirectional", false))
            : nn.GRU(Get("input_size", 0), Get("hidden_size", 0), Get("num_layers", 1), Flag("bias", true), Flag("batch_first", false), 0, Flag("bidirectional", false));
    }

    [Theory]
    [MemberData(nameof(Indices))]
    public void Outputs_states_and_gradients_match_pytorch(int index)
    {
        var c = Cases[index];
        using var module = Build(c);
        module.to(float64);
        var names = c.GetProperty("names").EnumerateArray().Select(n => n.GetString()!).ToArray();
        module.state_dict().Keys.Should().Equal(names);

        using var scope = NewDisposeScope();
        var state = new Dictionary<string, Tensor>();
        for (var i = 0; i < names.Length; i++)
        {
            var shape = module.state_dict()[names[i]].shape;
            var n = shape.Aggregate(1L, (x, y) => x * y);
            state[names[i]] = (0.3 * (0.37 * arange(0, n, dtype: float64) + 1.3 * i).sin()).reshape(shape);
        }
        module.load_state_dict(state);

        var inputShape = c.GetProperty("input_shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        var x = (arange(0, inputShape.Aggregate(1L, (p, q) => p * q), dtype: float64) * 0.11).cos().reshape(inputShape).requires_grad_();
        Tensor output, hN;
        Tensor? cN = null;
        if (module is LSTM lstm) (output, (hN, cN)) = lstm.call(x);
        else (output, hN) = ((GRU)module).call(x);

        ShouldMatch(output.ReadAll<double>(), Doubles(c, "output"), "output");
        output.shape.Should().Equal(c.GetProperty("output_shape").EnumerateArray().Select(v => v.GetInt64()));
        ShouldMatch(hN.ReadAll<double>(), Doubles(c, "h_n"), "h_n");
        if (cN is not null) ShouldMatch(cN.ReadAll<double>(), Doubles(c, "c_n"), "c_n");

        var loss = output.square().sum() + hN.sum() + (cN?.sum() ?? zeros([], dtype: float64));
        loss.backward();
        ShouldMatch(x.grad!.ReadAll<double>(), Doubles(c, "input_grad"), "input grad");
        var weight = module.named_parameters().Single(p => p.name == "weight_ih_l0").parameter;
        ShouldMatch(weight.grad!.ReadAll<double>(), Doubles(c, "weight_ih_l0_grad"), "weight_ih_l0 grad");
    }

    [Fact]
    public void Parameter_names_and_counts_follow_pytorch()
    {
        using var lstm = nn.LSTM(10, 20, num_layers: 2);
        lstm.state_dict().Keys.Should().Equal(
            "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1");
        lstm.parameter_count().Should().Be(4 * 20 * (10 + 20 + 2) + 4 * 20 * (20 + 20 + 2)); // 2,560 + 3,360
        using var gru = nn.GRU(8, 16, bidirectional: true, bias: false);
        gru.state_dict().Keys.Should().Equal("weight_ih_l0", "weight_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse");
        gru.parameter_count().Should().Be(2 * 3 * 16 * (8 + 16));
        var bound = 1 / Math.Sqrt(16);
        gru.parameters().SelectMany(p => p.ReadAll<float>()).Should().OnlyContain(v => Math.Abs(v) <= bound);
    }

    [Fact]
    public void Unbatched_inputs_and_initial_states_work_and_bad_shapes_are_explained()
    {
        using var scope = NewDisposeScope();
        using var lstm = nn.LSTM(3, 4);
        var (output, (h, c)) = lstm.call(randn(5, 3));
        output.shape.Should().Equal(5, 4);
        h.shape.Should().Equal(1, 4);
        var (again, _) = lstm.call(randn(5, 3), (h, c));
        again.shape.Should().Equal(5, 4);
        FluentActions.Invoking(() => lstm.call(randn(5, 2, 7))).Should().Throw<ArgumentException>()
            .WithMessage("LSTM expected input with 3 features (last dimension), got shape [5, 2, 7]*");
        FluentActions.Invoking(() => lstm.call(randn(5, 2, 3), (zeros(1, 3, 4), zeros(1, 2, 4)))).Should().Throw<ArgumentException>()
            .WithMessage("LSTM expected h_0 of shape [1, 2, 4], got [1, 3, 4]*");
    }
}
