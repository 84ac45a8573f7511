using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

public class OperatorAndPromotionTests
{
    private const string File = "operators.json";

    public static TheoryData<string> Cases => OracleData.Names(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_pytorch(string name)
    {
        var c = OracleData.Case(File, name);
        using var scope = NewDisposeScope();
        OracleAssert.Matches(Run(c, c.InputTensors()), c.Expected, name);
    }

    private static Tensor Run(OracleCase c, Tensor[] x) => c.Op switch
    {
        "tensor_tensor" => TensorTensor(c.Str("operator"), x[0], x[1]),
        "tensor_scalar" => c.Str("kind") == "long"
            ? TensorLong(c.Str("operator"), x[0], c.Long("scalar"))
            : TensorDouble(c.Str("operator"), x[0], c.Double("scalar")),
        "scalar_tensor" => c.Str("kind") == "long"
            ? LongTensor(c.Str("operator"), c.Long("scalar"), x[0])
            : DoubleTensor(c.Str("operator"), c.Double("scalar"), x[0]),
        "unary_minus" => -x[0],
        "not" => !x[0],
        "add_alpha" => x[0].is_floating_point() ? x[0].add(x[1], c.Double("alpha")) : x[0].add(x[1], (long)c.Double("alpha")),
        "allclose" => tensor(x[0].allclose(x[1], c.Double("rtol"), c.Double("atol"))),
        _ => throw new NotSupportedException(c.Op),
    };

    private static Tensor TensorTensor(string op, Tensor a, Tensor b) => op switch
    {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" => a / b,
        "%" => a % b,
        "<" => a < b,
        ">" => a > b,
        "<=" => a <= b,
        ">=" => a >= b,
        "eq" => a.eq(b),
        "ne" => a.ne(b),
        "&" => a & b,
        "|" => a | b,
        _ => throw new NotSupportedException(op),
    };

    private static Tensor TensorLong(string op, Tensor a, long s) => op switch
    {
        "+" => a + s,
        "-" => a - s,
        "*" => a * s,
        "/" => a / s,
        "%" => a % s,
        _ => throw new NotSupportedException(op),
    };

    private static Tensor TensorDouble(string op, Tensor a, double s) => op switch
    {
        "+" => a + s,
        "-" => a - s,
        "*" => a * s,
        "/" => a / s,
        "%" => a % s,
        "<" => a < s,
        ">" => a > s,
        "<=" => a <= s,
        ">=" => a >= s,
        "eq" => a.eq(s),
        "ne" => a.ne(s),
        _ => throw new NotSupportedException(op),
    };

    private static Tensor LongTensor(string op, long s, Tensor a) => op switch
    {
        "+" => s + a,
        "-" => s - a,
        "*" => s * a,
        "/" => s / a,
        _ => throw new NotSupportedException(op),
    };

    private static Tensor DoubleTensor(string op, double s, Tensor a) => op switch
    {
        "+" => s + a,
        "-" => s - a,
        "*" => s * a,
        "/" => s / a,
        _ => throw new NotSupportedException(op),
    };

    [Fact]
    public void The_oracle_file_holds_the_cases() => OracleData.Load(File).Count.Should().BeGreaterThan(100);

    [Fact]
    public void Integer_literals_keep_integer_tensors_integral()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new long[] { 1, 2, 3 });
        (x + 1).dtype.Should().Be(int64);
        (x * 2).dtype.Should().Be(int64);
        (x - 1).dtype.Should().Be(int64);
        (1 - x).ReadAll<long>().Should().Equal(0, -1, -2);
        (2 * x).dtype.Should().Be(int64);
        (x % 2).ReadAll<long>().Should().Equal(1, 0, 1);
        (x + 1.5).dtype.Should().Be(float32);
        (x + 1.5).ReadAll<float>().Should().Equal(2.5f, 3.5f, 4.5f);
        (x / 2).dtype.Should().Be(float32);
        (x / 2).ReadAll<float>().Should().Equal(0.5f, 1f, 1.5f);
        (x / x).dtype.Should().Be(float32);
        (6 / x).ReadAll<float>().Should().Equal(6f, 3f, 2f);
        (x < 2).dtype.Should().Be(@bool);
    }

    [Fact]
    public void Indexer_by_position_selects_along_the_first_dimension()
    {
        using var scope = NewDisposeScope();
        var x = arange(6).reshape(2, 3);
        x[1].ReadAll<long>().Should().Equal(3, 4, 5);
        x[1][2].item<long>().Should().Be(5);
        x[-1].ReadAll<long>().Should().Equal(3, 4, 5);
        FluentActions.Invoking(() => x[2]).Should().Throw<TorchException>().WithMessage("*out of range*");
    }
}
