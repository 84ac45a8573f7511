using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

public class IndexingTests
{
    private const string File = "indexing.json";

    public static TheoryData<string> Cases => OracleData.Names(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_pytorch(string name)
    {
        var c = OracleData.Case(File, name);
        using var scope = NewDisposeScope();
        OracleAssert.Matches(Run(c, c.InputTensors()), c.Expected, name);
    }

    private static Tensor Run(OracleCase c, Tensor[] x)
    {
        switch (c.Op)
        {
            case "index_select": return x[0].index_select(c.Long("dim"), x[1]);
            case "gather": return x[0].gather(c.Long("dim"), x[1]);
            case "scatter": return x[0].scatter(c.Long("dim"), x[1], x[2]);
            case "scatter_add": return x[0].scatter_add(c.Long("dim"), x[1], x[2]);
            case "masked_select": return x[0].masked_select(x[1]);
            case "masked_fill": return x[0].masked_fill(x[1], c.Double("value"));
            case "nonzero": return x[0].nonzero();
            case "index_tensor": return x[0][x[1]];
            case "index_put":
                x[0][x[1]] = x[2];
                return x[0];
            case "where": return where(x[0], x[1], x[2]);
            default: throw new NotSupportedException(c.Op);
        }
    }

    [Fact]
    public void The_oracle_file_holds_the_cases() => OracleData.Load(File).Count.Should().BeGreaterThan(20);

    [Fact]
    public void Static_forms_match_the_methods()
    {
        using var scope = NewDisposeScope();
        var x = arange(6).reshape(3, 2);
        var i = tensor(new long[] { 2, 0 });
        index_select(x, 0, i).ReadAll<long>().Should().Equal(4, 5, 0, 1);
        gather(x, 1, tensor(new long[] { 1, 0, 1 }, new long[] { 3, 1 })).ReadAll<long>().Should().Equal(1, 2, 5);
        nonzero(x).shape.Should().Equal(5, 2);
    }

    [Fact]
    public void Out_of_range_indices_throw_TorchException()
    {
        using var scope = NewDisposeScope();
        var x = arange(6).reshape(3, 2);
        FluentActions.Invoking(() => x.index_select(0, tensor(new long[] { 3 }))).Should().Throw<TorchException>().WithMessage("*out of range*");
        FluentActions.Invoking(() => x[tensor(new long[] { 5 })]).Should().Throw<TorchException>().WithMessage("*out of bounds*");
        FluentActions.Invoking(() => x.gather(1, tensor(new long[] { 2, 0, 0 }, new long[] { 3, 1 }))).Should().Throw<TorchException>();
        FluentActions.Invoking(() => x.masked_select(tensor(new[] { true, false, true }))).Should().Throw<TorchException>();
    }
}

public class InPlaceTests
{
    private const string File = "inplace.json";

    public static TheoryData<string> Cases => OracleData.Names(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_pytorch(string name)
    {
        var c = OracleData.Case(File, name);
        using var scope = NewDisposeScope();
        var x = c.InputTensors();
        var result = Run(c, x);
        result.Should().BeSameAs(x[0], "in-place ops return the tensor they modified");
        OracleAssert.Matches(x[0], c.Expected, name);
    }

    private static Tensor Run(OracleCase c, Tensor[] x) => c.Op switch
    {
        "add_" => c.Has("alpha") ? x[0].add_(x[1], c.Double("alpha")) : x[0].add_(x[1]),
        "add_scalar_" => x[0].is_floating_point() ? x[0].add_(c.Double("scalar")) : x[0].add_((long)c.Double("scalar")),
        "sub_" => c.Has("alpha") ? x[0].sub_(x[1], c.Double("alpha")) : x[0].sub_(x[1]),
        "mul_" => x[0].mul_(x[1]),
        "mul_scalar_" => x[0].mul_(c.Double("scalar")),
        "div_" => x[0].div_(x[1]),
        "div_scalar_" => x[0].div_(c.Double("scalar")),
        "addcmul_" => c.Has("value") ? x[0].addcmul_(x[1], x[2], c.Double("value")) : x[0].addcmul_(x[1], x[2]),
        "addcdiv_" => c.Has("value") ? x[0].addcdiv_(x[1], x[2], c.Double("value")) : x[0].addcdiv_(x[1], x[2]),
        "copy_" => x[0].copy_(x[1]),
        "zero_" => x[0].zero_(),
        "fill_" => x[0].fill_(c.Double("value")),
        "clamp_" => x[0].is_floating_point() ? x[0].clamp_(c.OptDouble("min"), c.OptDouble("max")) : x[0].clamp_((long?)c.OptDouble("min"), (long?)c.OptDouble("max")),
        "sqrt_" => x[0].sqrt_(),
        "masked_fill_" => x[0].masked_fill_(x[1], c.Double("value")),
        _ => throw new NotSupportedException(c.Op),
    };

    [Fact]
    public void The_oracle_file_holds_the_cases() => OracleData.Load(File).Count.Should().BeGreaterThan(30);

    [Fact]
    public void In_place_ops_write_through_views()
    {
        using var scope = NewDisposeScope();
        var x = zeros(2, 3);
        x.select(0, 1).fill_(2).add_(1.0).mul_(2.0);
        x.t().select(0, 0).add_(ones(2), 0.5);
        x.ReadAll<float>().Should().Equal(0.5f, 0, 0, 6.5f, 6, 6);
    }

    [Fact]
    public void In_place_ops_cannot_change_the_dtype()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new long[] { 1, 2 });
        FluentActions.Invoking(() => x.div_(tensor(new long[] { 2, 2 }))).Should().Throw<TorchException>()
            .WithMessage("*can't be cast*");
    }
}
