using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

public class ShapeOpsTests
{
    private const string File = "shape.json";

    public static TheoryData<string> Cases => OracleData.Names(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_pytorch(string name)
    {
        var c = OracleData.Case(File, name);
        using var scope = NewDisposeScope();
        OracleAssert.MatchesAll(Run(c, c.InputTensors()), c);
    }

    private static Tensor[] Run(OracleCase c, Tensor[] x) => c.Op switch
    {
        "view" => [x[0].view(c.Longs("shape"))],
        "reshape" => [x[0].reshape(c.Longs("shape"))],
        "reshape_t" => [x[0].t().reshape(c.Longs("shape"))],
        "flatten" => [c.Has("end_dim") ? x[0].flatten(c.Long("start_dim"), c.Long("end_dim"))
            : c.Has("start_dim") ? x[0].flatten(c.Long("start_dim")) : x[0].flatten()],
        "unsqueeze" => [x[0].unsqueeze(c.Long("dim"))],
        "squeeze" => [c.Has("dim") ? x[0].squeeze(c.Long("dim")) : x[0].squeeze()],
        "permute" => [x[0].permute(c.Longs("dims"))],
        "transpose" => [x[0].transpose(c.Long("dim0"), c.Long("dim1"))],
        "t" => [x[0].t()],
        "T" => [x[0].T],
        "contiguous_t" => [x[0].t().contiguous()],
        "expand" => [x[0].expand(c.Longs("shape"))],
        "repeat" => [x[0].repeat(c.Longs("repeats"))],
        "narrow" => [x[0].narrow(c.Long("dim"), c.Long("start"), c.Long("length"))],
        "select" => [x[0].select(c.Long("dim"), c.Long("index"))],
        "index_long" => [x[0][c.Long("index")]],
        "slice" => [x[0].slice(c.Long("dim"), c.Long("start"), c.Long("end"), c.Long("step"))],
        "cat" => [cat(x, c.Long("dim"))],
        "stack" => [stack(x, c.Long("dim"))],
        "split" => x[0].split(c.Long("split_size"), c.Long("dim")),
        "split_sizes" => x[0].split(c.Longs("split_sizes"), c.Long("dim")),
        "chunk" => x[0].chunk(c.Long("chunks"), c.Long("dim")),
        "unbind" => x[0].unbind(c.Long("dim")),
        _ => throw new NotSupportedException(c.Op),
    };

    [Fact]
    public void The_oracle_file_holds_the_cases() => OracleData.Load(File).Count.Should().BeGreaterThan(40);

    [Fact]
    public void Views_share_storage_with_their_base()
    {
        using var scope = NewDisposeScope();
        var x = arange(0.0, 12.0).reshape(3, 4);
        x.view(12).narrow(0, 0, 1).fill_(100);
        x.select(1, 2).fill_(-1);
        x.transpose(0, 1).narrow(0, 3, 1).zero_();
        x.slice(0, 2, 3, 1).add_(1000.0);
        x.ReadAll<float>().Should().Equal(100, 1, -1, 0, 4, 5, -1, 0, 1008, 1009, 999, 1000);
    }

    [Fact]
    public void Contiguity_follows_pytorch()
    {
        using var scope = NewDisposeScope();
        var x = zeros(3, 4);
        x.is_contiguous().Should().BeTrue();
        x.t().is_contiguous().Should().BeFalse();
        x.t().contiguous().is_contiguous().Should().BeTrue();
        x.permute(1, 0).is_contiguous().Should().BeFalse();
        x.narrow(1, 0, 2).is_contiguous().Should().BeFalse();
        x.narrow(0, 0, 2).is_contiguous().Should().BeTrue();
        x.unsqueeze(1).expand(3, 5, 4).is_contiguous().Should().BeFalse();
    }

    [Fact]
    public void view_of_a_non_contiguous_tensor_fails_but_reshape_copies()
    {
        using var scope = NewDisposeScope();
        var x = arange(6).reshape(2, 3).t();
        FluentActions.Invoking(() => x.view(6)).Should().Throw<TorchException>().WithMessage("*view*");
        x.reshape(6).ReadAll<long>().Should().Equal(0, 3, 1, 4, 2, 5);
    }

    [Fact]
    public void Static_forms_match_the_methods()
    {
        using var scope = NewDisposeScope();
        var x = arange(24).reshape(2, 3, 4);
        flatten(x, 1).shape.Should().Equal(2, 12);
        transpose(x, 0, 2).shape.Should().Equal(4, 3, 2);
        reshape(x, 4, -1).shape.Should().Equal(4, 6);
        split(x, 2, 2).Select(p => p.shape[2]).Should().Equal(2L, 2L);
        chunk(x, 3, 1).Should().HaveCount(3);
        x.size(-1).Should().Be(4);
        x.size(0).Should().Be(2);
        FluentActions.Invoking(() => x.size(3)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Splitting_into_more_than_32_pieces_returns_them_all()
    {
        using var scope = NewDisposeScope();
        var x = arange(100);
        var parts = x.split(2);
        parts.Should().HaveCount(50);
        parts[49].ReadAll<long>().Should().Equal(98, 99);
        x.unbind().Should().HaveCount(100);
        x.chunk(40).Should().HaveCount(34);
        var big = Enumerable.Range(0, 70).Select(i => full(new long[] { 1 }, i)).ToArray();
        cat(big).ReadAll<float>().Should().Equal(Enumerable.Range(0, 70).Select(i => (float)i));
        stack(big).shape.Should().Equal(70, 1);
    }

    [Fact]
    public void Conversions_to_dtype_and_device()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1.7f, -2.2f });
        x.@long().ReadAll<long>().Should().Equal(1, -2);
        x.@double().dtype.Should().Be(float64);
        x.@long().@float().dtype.Should().Be(float32);
        x.@bool().ReadAll<bool>().Should().Equal(true, true);
        x.to_type(int32).dtype.Should().Be(int32);
        x.to(float64, CPU).dtype.Should().Be(float64);
        x.cpu().device.Should().Be(CPU);
        var same = x.to(float32);
        same.data_ptr().Should().Be(x.data_ptr(), "to() with the same dtype returns a tensor sharing the data");
        var copied = x.to(float32, copy: true);
        copied.data_ptr().Should().NotBe(x.data_ptr());
    }
}
