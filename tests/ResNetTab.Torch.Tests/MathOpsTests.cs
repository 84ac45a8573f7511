using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

public class MathOpsTests
{
    private const string File = "math.json";

    public static TheoryData<string> Cases => OracleData.Names(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_pytorch(string name)
    {
        var c = OracleData.Case(File, name);
        using var scope = NewDisposeScope();
        OracleAssert.Matches(Run(c, c.InputTensors()), c.Expected, name);
    }

    internal static Tensor Run(OracleCase c, Tensor[] x) => c.Op switch
    {
        "neg" => x[0].neg(),
        "exp" => x[0].exp(),
        "log" => x[0].log(),
        "log1p" => x[0].log1p(),
        "sqrt" => x[0].sqrt(),
        "rsqrt" => x[0].rsqrt(),
        "abs" => x[0].abs(),
        "sign" => x[0].sign(),
        "floor" => x[0].floor(),
        "ceil" => x[0].ceil(),
        "round" => x[0].round(),
        "sin" => x[0].sin(),
        "cos" => x[0].cos(),
        "reciprocal" => x[0].reciprocal(),
        "square" => x[0].square(),
        "sigmoid" => x[0].sigmoid(),
        "tanh" => x[0].tanh(),
        "relu" => x[0].relu(),
        "gelu" => x[0].gelu(c.Str("approximate")),
        "softmax" => x[0].softmax(c.Long("dim")),
        "log_softmax" => x[0].log_softmax(c.Long("dim")),
        "isnan" => x[0].isnan(),
        "isinf" => x[0].isinf(),
        "isfinite" => x[0].isfinite(),
        "nan_to_num" => x[0].nan_to_num(c.OptDouble("nan") ?? 0.0, c.OptDouble("posinf"), c.OptDouble("neginf")),
        "clamp" => x[0].is_floating_point() ? x[0].clamp(c.OptDouble("min"), c.OptDouble("max")) : x[0].clamp((long?)c.OptDouble("min"), (long?)c.OptDouble("max")),
        "pow_scalar" => x[0].pow(c.Double("exponent")),
        "pow" => x[0].pow(x[1]),
        "maximum" => x[0].maximum(x[1]),
        "minimum" => x[0].minimum(x[1]),
        "atan2" => x[0].atan2(x[1]),
        "remainder" => x[0].remainder(x[1]),
        "remainder_scalar" => x[0].remainder(c.Double("scalar")),
        "matmul" => x[0].matmul(x[1]),
        "mm" => x[0].mm(x[1]),
        "bmm" => x[0].bmm(x[1]),
        "addmm" => c.Has("beta") ? x[0].addmm(x[1], x[2], c.Double("beta"), c.Double("alpha")) : x[0].addmm(x[1], x[2]),
        "dot" => x[0].dot(x[1]),
        "outer" => x[0].outer(x[1]),
        "cdist" => cdist(x[0], x[1], c.Double("p")),
        "logical_and" => x[0].logical_and(x[1]),
        "logical_or" => x[0].logical_or(x[1]),
        "logical_not" => x[0].logical_not(),
        _ => throw new NotSupportedException(c.Op),
    };

    [Fact]
    public void The_oracle_file_holds_the_cases() => OracleData.Load(File).Count.Should().BeGreaterThan(100);

    [Fact]
    public void Static_forms_match_the_methods()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { -1.5, 0.25, 2 });
        var m = tensor(new double[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        exp(x).allclose(x.exp()).Should().BeTrue();
        log(x.abs()).allclose(x.abs().log()).Should().BeTrue();
        log1p(x.abs()).allclose(x.abs().log1p()).Should().BeTrue();
        sqrt(x.abs()).allclose(x.abs().sqrt()).Should().BeTrue();
        abs(x).ReadAll<double>().Should().Equal(1.5, 0.25, 2);
        sigmoid(x).allclose(x.sigmoid()).Should().BeTrue();
        tanh(x).allclose(x.tanh()).Should().BeTrue();
        relu(x).ReadAll<double>().Should().Equal(0, 0.25, 2);
        softmax(m, 1).allclose(m.softmax(1)).Should().BeTrue();
        log_softmax(m, 0).allclose(m.log_softmax(0)).Should().BeTrue();
        clamp(x, 0, 1).ReadAll<double>().Should().Equal(0, 0.25, 1);
        pow(x, 2).ReadAll<double>().Should().Equal(2.25, 0.0625, 4);
        maximum(x, zeros_like(x)).ReadAll<double>().Should().Equal(0, 0.25, 2);
        minimum(x, zeros_like(x)).ReadAll<double>().Should().Equal(-1.5, 0, 0);
        isnan(x).any().item<bool>().Should().BeFalse();
        isinf(x / 0).all().item<bool>().Should().BeTrue();
        matmul(m, m).ReadAll<double>().Should().Equal(7, 10, 15, 22);
        mm(m, m).ReadAll<double>().Should().Equal(7, 10, 15, 22);
        bmm(m.unsqueeze(0), m.unsqueeze(0)).ReadAll<double>().Should().Equal(7, 10, 15, 22);
        addmm(ones_like(m), m, m, 2, 1).ReadAll<double>().Should().Equal(9, 12, 17, 24);
        x.add(x, 2).ReadAll<double>().Should().Equal(-4.5, 0.75, 6);
        x.sub(1.0).ReadAll<double>().Should().Equal(-2.5, -0.75, 1);
        x.mul(2.0).ReadAll<double>().Should().Equal(-3, 0.5, 4);
        x.div(0.5).ReadAll<double>().Should().Equal(-3, 0.5, 4);
        x.sub(x).ReadAll<double>().Should().Equal(0, 0, 0);
        x.mul(x).ReadAll<double>().Should().Equal(2.25, 0.0625, 4);
        x.div(x).ReadAll<double>().Should().Equal(1, 1, 1);
        x.add(1.0).ReadAll<double>().Should().Equal(-0.5, 1.25, 3);
        x.remainder(1.0).ReadAll<double>().Should().Equal(0.5, 0.25, 0);
        x.gelu().allclose(x.gelu("none")).Should().BeTrue();
        FluentActions.Invoking(() => x.gelu("erf")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => x.clamp((double?)null, null)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void nan_to_num_on_integers_is_a_copy()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new long[] { 1, -2, 3 });
        var y = x.nan_to_num();
        y.dtype.Should().Be(int64);
        y.ReadAll<long>().Should().Equal(1, -2, 3);
    }
}
