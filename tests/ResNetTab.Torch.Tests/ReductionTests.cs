using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

public class ReductionTests
{
    private const string File = "reduction.json";

    public static TheoryData<string> Cases => OracleData.Names(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_pytorch(string name)
    {
        var c = OracleData.Case(File, name);
        using var scope = NewDisposeScope();
        OracleAssert.MatchesAll(Run(c, c.InputTensors()), c);
    }

    private static Tensor[] Run(OracleCase c, Tensor[] x)
    {
        var v = x[0];
        bool Keep() => c.Has("keepdim") && c.Bool("keepdim");
        switch (c.Op)
        {
            case "sum":
                if (!c.Has("dims")) return [c.Has("dtype") ? v.sum(c.Dtype()) : v.sum()];
                var dims = c.Longs("dims");
                return [dims.Length == 1 ? v.sum(dims[0], Keep(), c.Dtype()) : v.sum(dims, Keep(), c.Dtype())];
            case "mean":
                if (!c.Has("dims")) return [v.mean()];
                return [c.Longs("dims").Length == 1 ? v.mean(c.Longs("dims")[0], Keep()) : v.mean(c.Longs("dims"), Keep())];
            case "std":
                if (!c.Has("dims")) return [v.std(c.Bool("unbiased"))];
                return [c.Longs("dims").Length == 1
                    ? v.std(c.Longs("dims")[0], c.Bool("unbiased"), Keep())
                    : v.std(c.Longs("dims"), c.Bool("unbiased"), Keep())];
            case "var":
                if (!c.Has("dims")) return [v.var(c.Bool("unbiased"))];
                return [c.Longs("dims").Length == 1
                    ? v.var(c.Longs("dims")[0], c.Bool("unbiased"), Keep())
                    : v.var(c.Longs("dims"), c.Bool("unbiased"), Keep())];
            case "prod": return [v.prod()];
            case "max_all": return [v.max()];
            case "min_all": return [v.min()];
            case "argmax": return [c.Has("dim") ? v.argmax(c.Long("dim"), Keep()) : v.argmax()];
            case "argmin": return [c.Has("dim") ? v.argmin(c.Long("dim"), Keep()) : v.argmin()];
            case "max_dim": { var (a, i) = v.max(c.Long("dim"), Keep()); return [a, i]; }
            case "min_dim": { var (a, i) = v.min(c.Long("dim"), Keep()); return [a, i]; }
            case "norm":
                if (!c.Has("dims")) return [c.Double("p") == 2.0 ? v.norm() : v.norm(c.Double("p"))];
                return [c.Longs("dims").Length == 1
                    ? v.norm(c.Longs("dims")[0], c.Double("p"), Keep())
                    : v.norm(c.Longs("dims"), c.Double("p"), Keep())];
            case "logsumexp":
                return [c.Longs("dims").Length == 1 ? v.logsumexp(c.Longs("dims")[0], Keep()) : v.logsumexp(c.Longs("dims"), Keep())];
            case "cumsum": return [v.cumsum(c.Long("dim"))];
            case "all": return [v.all()];
            case "any": return [v.any()];
            case "topk": { var (a, i) = v.topk(c.Long("k"), c.Long("dim"), c.Bool("largest"), c.Bool("sorted")); return [a, i]; }
            case "sort": { var (a, i) = v.sort(c.Long("dim"), c.Bool("descending"), c.Bool("stable")); return [a, i]; }
            case "argsort": return [v.argsort(c.Long("dim"), c.Bool("descending"))];
            case "kthvalue": { var (a, i) = v.kthvalue(c.Long("k"), c.Long("dim"), Keep()); return [a, i]; }
            default: throw new NotSupportedException(c.Op);
        }
    }

    [Fact]
    public void The_oracle_file_holds_the_cases() => OracleData.Load(File).Count.Should().BeGreaterThan(200);

    [Fact]
    public void Static_forms_and_defaults()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 3, 1, 4, 1, 5, 9 }, new long[] { 2, 3 });
        sum(x).item<float>().Should().Be(23);
        mean(x).item<double>().Should().BeApproximately(23.0 / 6, 1e-6);
        var (values, indexes) = topk(x, 2);
        values.ReadAll<float>().Should().Equal(4, 3, 9, 5);
        indexes.ReadAll<long>().Should().Equal(2, 0, 2, 1);
        x.sort().values.ReadAll<float>().Should().Equal(1, 3, 4, 1, 5, 9);
        x.argsort().ReadAll<long>().Should().Equal(1, 0, 2, 0, 1, 2);
        x.kthvalue(1).values.ReadAll<float>().Should().Equal(1, 1);
    }

    [Fact]
    public void Reductions_of_a_scalar_result_have_zero_dimensions()
    {
        using var scope = NewDisposeScope();
        var x = ones(3, 4);
        x.sum().dim().Should().Be(0);
        x.sum().shape.Should().BeEmpty();
        x.sum().numel().Should().Be(1);
        x.sum(1).shape.Should().Equal(3);
        x.sum(1, keepdim: true).shape.Should().Equal(3, 1);
        x.mean(new long[] { 0, 1 }, keepdim: true).shape.Should().Equal(1, 1);
    }
}
