using System.Text.Json;
using ResNetTab.Torch.Modules;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests.NN;

/// <summary>Loss values and input gradients against PyTorch 1.13 (Oracle/generate_losses.py → losses.json).</summary>
public class LossOracleTests
{
    private static readonly JsonElement[] Cases = LoadCases();

    private static JsonElement[] LoadCases()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Oracle", "losses.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToArray();
    }

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static Tensor? TensorOf(JsonElement c, string name)
    {
        if (!c.TryGetProperty(name, out var t)) return null;
        var shape = t.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        var values = t.GetProperty("values").EnumerateArray();
        return t.GetProperty("dtype").GetString() == "int64"
            ? tensor(values.Select(v => v.GetInt64()).ToArray(), shape)
            : tensor(values.Select(v => v.GetDouble()).ToArray(), shape);
    }

    private static Tensor Run(string name, JsonElement c, Tensor x)
    {
        var target = TensorOf(c, "target")!;
        var weight = TensorOf(c, "weight");
        var reduction = c.TryGetProperty("reduction", out var r) ? r.GetString()! : "mean";
        var f = name.Split('_')[0];
        return name switch
        {
            _ when name.StartsWith("ce_", StringComparison.Ordinal) =>
                nn.functional.cross_entropy(x, target, weight, reduction: reduction,
                    label_smoothing: c.TryGetProperty("label_smoothing", out var ls) ? ls.GetDouble() : 0.0),
            _ when name.StartsWith("nll", StringComparison.Ordinal) => nn.functional.nll_loss(x, target, weight, reduction: reduction),
            _ when name.StartsWith("mse", StringComparison.Ordinal) => nn.MSELoss(reduction).call(x, target),
            _ when name.StartsWith("l1", StringComparison.Ordinal) => nn.L1Loss(reduction).call(x, target),
            _ when name.StartsWith("smooth_l1", StringComparison.Ordinal) => nn.functional.smooth_l1_loss(x, target, beta: c.GetProperty("beta").GetDouble()),
            _ when name.StartsWith("bce_logits", StringComparison.Ordinal) =>
                nn.functional.binary_cross_entropy_with_logits(x, target, weight, reduction, TensorOf(c, "pos_weight")),
            _ when name.StartsWith("bce", StringComparison.Ordinal) => nn.functional.binary_cross_entropy(x, target, weight, reduction),
            _ => throw new InvalidOperationException($"unknown case {name} ({f})"),
        };
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Value_and_gradient_match_pytorch(string name)
    {
        var c = Cases.Single(k => k.GetProperty("name").GetString() == name);
        using var scope = NewDisposeScope();
        var x = TensorOf(c, "input")!.requires_grad_();
        var loss = Run(name, c, x);
        var expected = c.GetProperty("expected");
        loss.shape.Should().Equal(expected.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()));
        var want = expected.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var got = loss.ReadAll<double>();
        for (var i = 0; i < want.Length; i++) got[i].Should().BeApproximately(want[i], 1e-12 * (1 + Math.Abs(want[i])), $"{name}[{i}]");

        (loss.dim() == 0 ? loss : loss.sum()).backward();
        var grad = x.grad!.ReadAll<double>();
        var wantGrad = c.GetProperty("grad").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (var i = 0; i < wantGrad.Length; i++) grad[i].Should().BeApproximately(wantGrad[i], 1e-12 * (1 + Math.Abs(wantGrad[i])), $"{name} grad[{i}]");
    }

    [Fact]
    public void Loss_modules_register_weights_as_buffers_under_pytorchs_names()
    {
        using var ce = nn.CrossEntropyLoss(weight: ones(3));
        ce.state_dict().Keys.Should().Equal("weight");
        using var bce = nn.BCEWithLogitsLoss(weight: ones(2), pos_weight: ones(2));
        bce.state_dict().Keys.Should().Equal("weight", "pos_weight");
        using var mse = nn.MSELoss();
        mse.state_dict().Should().BeEmpty();
    }

    [Fact]
    public void Bad_inputs_give_clear_errors()
    {
        using var scope = NewDisposeScope();
        var logits = randn(4, 3);
        FluentActions.Invoking(() => nn.functional.cross_entropy(logits, tensor(new long[] { 0, 1, 2 })))
            .Should().Throw<TorchException>().WithMessage("*batch_size*");
        FluentActions.Invoking(() => nn.functional.mse_loss(logits, logits, reduction: "average"))
            .Should().Throw<ArgumentException>().WithMessage("*reduction must be 'none', 'mean' or 'sum'*average*");
        FluentActions.Invoking(() => nn.functional.cross_entropy(logits, logits, label_smoothing: 1.5))
            .Should().Throw<ArgumentOutOfRangeException>();
    }
}
