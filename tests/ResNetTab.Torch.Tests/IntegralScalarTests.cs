using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

/// <summary>
/// Integral scalars and alphas keep integral tensors integral, as Python ints do in PyTorch
/// (regression tests: these once went through floating scalars).
/// </summary>
public class IntegralScalarTests
{
    private static void RunOracle(string file, string name, Func<OracleCase, Tensor[], Tensor> run, bool inPlace = false)
    {
        var c = OracleData.Case(file, name);
        using var scope = NewDisposeScope();
        var x = c.InputTensors();
        var result = run(c, x);
        OracleAssert.Matches(inPlace ? x[0] : result, c.Expected, name);
    }

    [Fact]
    public void add__of_int64_tensors_with_the_default_alpha()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new long[] { 1, 2, 3 });
        a.add_(tensor(new long[] { 10, 20, 30 }));
        a.ReadAll<long>().Should().Equal(11, 22, 33);
        a.sub_(tensor(new long[] { 1, 1, 1 }));
        a.ReadAll<long>().Should().Equal(10, 21, 32);
        RunOracle("inplace.json", "add_i64", (c, x) => x[0].add_(x[1]), inPlace: true);
    }

    [Fact]
    public void add_with_an_integral_alpha_on_int64_tensors()
    {
        RunOracle("operators.json", "add_alpha_i64", (c, x) => x[0].add(x[1], (long)c.Double("alpha")));
    }

    [Fact]
    public void In_place_scalar_ops_on_int64_tensors()
    {
        RunOracle("inplace.json", "add_scalar_i64", (c, x) => x[0].add_((long)c.Double("scalar")), inPlace: true);
        RunOracle("inplace.json", "clamp_i64", (c, x) => x[0].clamp_((long?)c.OptDouble("min"), (long?)c.OptDouble("max")), inPlace: true);
        using var scope = NewDisposeScope();
        tensor(new long[] { 1, 2 }).mul_(3).ReadAll<long>().Should().Equal(3, 6);
    }

    [Fact]
    public void clamp_of_int64_with_integer_bounds_stays_int64()
    {
        RunOracle("math.json", "clamp_i64", (c, x) => x[0].clamp((long?)c.OptDouble("min"), (long?)c.OptDouble("max")));
    }

    [Fact]
    public void Scalar_methods_with_integer_scalars_keep_int64()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new long[] { 1, 2, 3 });
        x.add(2).dtype.Should().Be(int64);
        x.sub(2).dtype.Should().Be(int64);
        x.mul(2).dtype.Should().Be(int64);
        x.remainder(2).dtype.Should().Be(int64);
        x.pow(2).dtype.Should().Be(int64);
        x.pow(2).ReadAll<long>().Should().Equal(1, 4, 9);
    }
}
