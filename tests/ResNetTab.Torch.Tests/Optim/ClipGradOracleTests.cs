using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests.Optim;

/// <summary><c>nn.utils.clip_grad_norm_</c> (2-, 1- and ∞-norm) and <c>clip_grad_value_</c> against PyTorch 1.13.</summary>
public class ClipGradOracleTests
{
    private const double Tol = 1e-12;

    public static TheoryData<string> Cases => OptimOracle.Names("clip");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Clipped_gradients_and_norm_match_pytorch(string name)
    {
        var c = OptimOracle.Case("clip", name);
        var args = c.GetProperty("args");
        var (w, b) = OptimOracle.Parameters();
        using var _w = w;
        using var _b = b;
        OptimOracle.Backward(w, b);
        OptimOracle.ShouldMatch(Grads(w, b), OptimOracle.Doubles(c.GetProperty("grads_before")), Tol, $"{name} gradients before clipping");

        if (c.GetProperty("kind").GetString() == "norm")
        {
            var nt = args.GetProperty("norm_type");
            var normType = nt.ValueKind == System.Text.Json.JsonValueKind.String ? double.PositiveInfinity : nt.GetDouble();
            var total = nn.utils.clip_grad_norm_([w, b], args.GetProperty("max_norm").GetDouble(), normType);
            OptimOracle.ShouldMatch([total], [c.GetProperty("total_norm").GetDouble()], Tol, $"{name} total norm");
        }
        else
        {
            nn.utils.clip_grad_value_([w, b], args.GetProperty("clip_value").GetDouble());
        }
        OptimOracle.ShouldMatch(Grads(w, b), OptimOracle.Doubles(c.GetProperty("grads")), Tol, $"{name} clipped gradients");
    }

    [Fact]
    public void Parameters_without_gradients_are_ignored()
    {
        var (w, b) = OptimOracle.Parameters();
        using var _w = w;
        using var _b = b;
        nn.utils.clip_grad_norm_([w, b], 1.0).Should().Be(0);
        nn.utils.clip_grad_value_([w, b], 1.0);
        using var g = w.grad;
        g.Should().BeNull();
    }

    private static double[] Grads(Modules.Parameter w, Modules.Parameter b)
    {
        using var scope = NewDisposeScope();
        return w.grad!.reshape(-1).ReadAll<double>().Concat(b.grad!.ReadAll<double>()).ToArray();
    }
}
