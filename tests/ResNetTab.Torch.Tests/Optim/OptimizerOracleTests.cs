using ResNetTab.Torch.Modules;
using ResNetTab.Torch.Optimizers;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests.Optim;

/// <summary>
/// Optimizer trajectories against PyTorch 1.13 (Oracle/generate_optim.py → Oracle/optim.json): the
/// parameters after every one of 25 steps, for each optimizer configuration and parameter grouping.
/// </summary>
public class OptimizerOracleTests
{
    private const double Tol = 1e-10;

    public static TheoryData<string> Cases => OptimOracle.Names("optimizers");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Trajectory_matches_pytorch(string name)
    {
        var c = OptimOracle.Case("optimizers", name);
        var expected = c.GetProperty("trajectory").EnumerateArray().Select(OptimOracle.Doubles).ToArray();
        var (w, b) = OptimOracle.Parameters();
        using var _w = w;
        using var _b = b;
        using var opt = OptimOracle.CreateOptimizer(c.GetProperty("kind").GetString()!, c.GetProperty("args"), c.GetProperty("groups"), w, b);
        for (var step = 0; step < expected.Length; step++)
        {
            Step(opt, w, b);
            OptimOracle.ShouldMatch(OptimOracle.Flat(w, b), expected[step], Tol, $"{name} step {step + 1}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void State_dict_round_trip_mid_way_continues_the_same_trajectory(string name)
    {
        var c = OptimOracle.Case("optimizers", name);
        var expected = c.GetProperty("trajectory").EnumerateArray().Select(OptimOracle.Doubles).ToArray();
        var (w, b) = OptimOracle.Parameters();
        using var _w = w;
        using var _b = b;
        Optimizer Create() => OptimOracle.CreateOptimizer(c.GetProperty("kind").GetString()!, c.GetProperty("args"), c.GetProperty("groups"), w, b);

        OptimizerStateDict saved;
        using (var first = Create())
        {
            for (var step = 0; step < 12; step++) Step(first, w, b);
            saved = first.state_dict();
            // Steps taken after the snapshot must not change it.
            Step(first, w, b);
        }
        using (saved)
        {
            // Restore the parameters to their step-12 values, then continue with a fresh optimizer.
            Restore(w, b, expected[11]);
            using var second = Create();
            second.load_state_dict(saved);
            for (var step = 12; step < expected.Length; step++)
            {
                Step(second, w, b);
                OptimOracle.ShouldMatch(OptimOracle.Flat(w, b), expected[step], Tol, $"{name} resumed, step {step + 1}");
            }
        }
    }

    internal static void Step(Optimizer opt, Parameter w, Parameter b)
    {
        using var scope = NewDisposeScope();
        opt.zero_grad();
        OptimOracle.Backward(w, b);
        opt.step();
    }

    private static void Restore(Parameter w, Parameter b, double[] values)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        w.copy_(tensor(values[..6], [2, 3], ScalarType.Float64));
        b.copy_(tensor(values[6..], [2], ScalarType.Float64));
    }
}
