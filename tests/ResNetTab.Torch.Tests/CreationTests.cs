using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

/// <summary>Seeded cases share the process-wide generator with the random-factory tests.</summary>
[Collection(RandomGeneratorCollection.Name)]
public class CreationTests
{
    private const string File = "creation.json";

    public static TheoryData<string> Cases => OracleData.Names(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_pytorch(string name)
    {
        var c = OracleData.Case(File, name);
        using var scope = NewDisposeScope();
        var inputs = c.InputTensors();
        OracleAssert.Matches(Run(c, inputs), c.Expected, name);
    }

    private static Tensor Run(OracleCase c, Tensor[] x) => c.Op switch
    {
        "zeros" => c.Has("dtype") ? zeros(c.Longs("shape"), c.Dtype()) : zeros(c.Longs("shape")),
        "ones" => c.Has("dtype") ? ones(c.Longs("shape"), c.Dtype()) : ones(c.Longs("shape")),
        "full" => full(c.Longs("shape"), c.Double("value"), c.Dtype()),
        "eye" => c.Has("m") ? eye(c.Long("n"), c.Long("m"), c.Dtype()) : eye(c.Long("n"), dtype: c.Dtype()),
        "arange_long" => c.Long("start") == 0 && c.Long("step") == 1 && !c.Has("dtype")
            ? arange(c.Long("end"))
            : arange(c.Long("start"), c.Long("end"), c.Long("step"), c.Dtype()),
        "arange_double" => arange(c.Double("start"), c.Double("end"), c.Double("step"), c.Dtype()),
        "linspace" => linspace(c.Double("start"), c.Double("end"), c.Long("steps"), c.Dtype()),
        "zeros_like" => zeros_like(x[0], c.Dtype()),
        "ones_like" => ones_like(x[0], c.Dtype()),
        "full_like" => full_like(x[0], c.Double("value"), c.Dtype()),
        "scalar_float" => tensor((float)c.Double("value")),
        "scalar_double" => tensor(c.Double("value")),
        "scalar_long" => tensor(c.Long("value")),
        "scalar_bool" => tensor(c.Bool("value")),
        "roundtrip" => x[0],
        "to" => x[0].to(c.Dtype()!.Value),
        "seeded_randn" => Seeded(c, () => randn(c.Longs("shape"))),
        "seeded_rand" => Seeded(c, () => rand(c.Longs("shape"))),
        "seeded_randint" => Seeded(c, () => randint(c.Long("low"), c.Long("high"), c.Longs("shape"))),
        "seeded_randperm" => Seeded(c, () => randperm(c.Long("n"))),
        _ => throw new NotSupportedException(c.Op),
    };

    private static Tensor Seeded(OracleCase c, Func<Tensor> make)
    {
        manual_seed(c.Long("seed"));
        return make();
    }

    [Fact]
    public void The_oracle_file_holds_the_cases()
    {
        OracleData.Load(File).Count.Should().BeGreaterThan(40);
    }

    [Fact]
    public void Typed_array_factories_produce_their_dtypes()
    {
        using var scope = NewDisposeScope();
        tensor(new float[] { 1, 2 }).dtype.Should().Be(float32);
        tensor(new double[] { 1, 2 }).dtype.Should().Be(float64);
        tensor(new long[] { 1, 2 }).dtype.Should().Be(int64);
        tensor(new int[] { 1, 2 }).dtype.Should().Be(int32);
        tensor(new byte[] { 1, 2 }).dtype.Should().Be(uint8);
        tensor(new[] { true, false }).dtype.Should().Be(@bool);
        tensor(new float[] { 1, 2 }, dtype: float64).dtype.Should().Be(float64);
        tensor(new long[] { 1, 2 }, dtype: float32).ReadAll<float>().Should().Equal(1f, 2f);
        tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 }).shape.Should().Equal(2, 3);
        tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 3, 1, 2 }).shape.Should().Equal(3, 1, 2);
    }

    [Fact]
    public void Rectangular_arrays_keep_row_major_order()
    {
        using var scope = NewDisposeScope();
        var f = tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        f.shape.Should().Equal(2, 3);
        f.dtype.Should().Be(float32);
        f.ReadAll<float>().Should().Equal(1, 2, 3, 4, 5, 6);
        var d = tensor(new double[,] { { 1.5 }, { -2.5 } }, dtype: float32);
        d.shape.Should().Equal(2, 1);
        d.dtype.Should().Be(float32);
        d.ReadAll<float>().Should().Equal(1.5f, -2.5f);
    }

    [Fact]
    public void Span_factories_copy_the_values()
    {
        using var scope = NewDisposeScope();
        var data = new long[] { 1, 2, 3, 4, 5, 6 };
        var t = Tensor.from<long>(data, 3, 2);
        var u = from_span<long>(data.AsSpan(1, 4), new long[] { 4 });
        var flat = Tensor.from<double>(new double[] { 0.5, 1.5 });
        data[0] = 100;
        t.shape.Should().Equal(3, 2);
        t.ReadAll<long>().Should().Equal(1, 2, 3, 4, 5, 6);
        u.ReadAll<long>().Should().Equal(2, 3, 4, 5);
        flat.shape.Should().Equal(2);
        flat.dtype.Should().Be(float64);
    }

    [Fact]
    public void Wrong_value_count_or_negative_dimension_is_rejected()
    {
        FluentActions.Invoking(() => tensor(new float[] { 1, 2, 3 }, new long[] { 2, 2 })).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => zeros(2, -1)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => randint(5, 5, new long[] { 2 })).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void requires_grad_flag_of_factories()
    {
        using var scope = NewDisposeScope();
        zeros(new long[] { 2 }, requires_grad: true).requires_grad.Should().BeTrue();
        ones(new long[] { 2 }).requires_grad.Should().BeFalse();
        tensor(new double[] { 1 }, requires_grad: true).requires_grad.Should().BeTrue();
        tensor(new float[] { 1 }, dtype: float64, requires_grad: true).requires_grad.Should().BeTrue();
        full(new long[] { 2 }, 3, requires_grad: true).requires_grad.Should().BeTrue();
        randn(new long[] { 2 }, requires_grad: true).requires_grad.Should().BeTrue();
        zeros_like(ones(2), requires_grad: true).requires_grad.Should().BeTrue();
        linspace(0, 1, 3, requires_grad: true).requires_grad.Should().BeTrue();
        arange(0.0, 1.0, 0.5, requires_grad: true).requires_grad.Should().BeTrue();
        eye(2, requires_grad: true).requires_grad.Should().BeTrue();
    }

    [Fact]
    public void empty_and_empty_like_have_the_requested_shape_and_dtype()
    {
        using var scope = NewDisposeScope();
        var e = empty(new long[] { 2, 5 }, float64);
        e.shape.Should().Equal(2, 5);
        e.dtype.Should().Be(float64);
        var el = empty_like(e, int32);
        el.shape.Should().Equal(2, 5);
        el.dtype.Should().Be(int32);
        empty(3).dtype.Should().Be(float32);
    }

    [Fact]
    public void Default_dtypes_follow_pytorch()
    {
        using var scope = NewDisposeScope();
        zeros(2).dtype.Should().Be(float32);
        arange(3).dtype.Should().Be(int64);
        arange(0.0, 3.0).dtype.Should().Be(float32);
        linspace(0, 1, 2).dtype.Should().Be(float32);
        eye(2).dtype.Should().Be(float32);
        randn(2).dtype.Should().Be(float32);
        rand(2).dtype.Should().Be(float32);
        randint(10, new long[] { 2 }).dtype.Should().Be(int64);
        randperm(3).dtype.Should().Be(int64);
        full(new long[] { 1 }, 1).dtype.Should().Be(float32);
        tensor(1.0).dtype.Should().Be(float64);
        tensor(1f).dtype.Should().Be(float32);
        tensor(1L).dtype.Should().Be(int64);
        tensor(3.0, dtype: float32).dtype.Should().Be(float32);
        tensor(3L, dtype: int32).dtype.Should().Be(int32);
    }

    [Fact]
    public void Devices_parse_and_default_to_cpu()
    {
        using var scope = NewDisposeScope();
        zeros(2).device.Should().Be(CPU);
        zeros(2).device_type.Should().Be(DeviceType.CPU);
        device("cuda:1").ToString().Should().Be("cuda:1");
        device("cpu").Should().Be(CPU);
        FluentActions.Invoking(() => device("tpu")).Should().Throw<ArgumentException>();
        ones(new long[] { 2 }, device: CPU).to("cpu").device.Should().Be(CPU);
        if (!cuda.is_available())
            FluentActions.Invoking(() => ones(2).cuda()).Should().Throw<TorchException>();
    }
}
