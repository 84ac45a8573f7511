using ResNetTab.Engine.Serialization;
using ResNetTab.Engine.Tensors;
using static TorchSharp.torch;

namespace ResNetTab.Engine.Tests.Serialization;

[Collection(RandomGeneratorCollection.Name)]
public sealed class SafetensorsRoundTripTests : IDisposable
{
    private readonly SafetensorsTestFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void Every_dtype_including_0d_and_empty_tensors_round_trips()
    {
        var tensors = SafetensorsTestFiles.DtypeTensors();
        try
        {
            var path = files.Path("all.safetensors");
            Safetensors.Save(path, tensors, SafetensorsTestFiles.DtypeMetadata());
            using var loaded = Safetensors.Load(path);
            loaded.Count.Should().Be(tensors.Count);
            foreach (var (name, expected) in tensors)
                SafetensorsTestFiles.ShouldMatch(loaded[name], expected, name);
            loaded["scalar"].shape.Should().BeEmpty();
            loaded["empty"].shape.Should().Equal(0, 4);
            loaded["bf16"].dtype.Should().Be(bfloat16);
            TensorData.ToArray<bool>(loaded["bool"]).Should().Equal(true, false, false, true, true);
            loaded.Metadata.Should().Equal(SafetensorsTestFiles.DtypeMetadata());
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Int64)]
    [InlineData(ScalarType.Int32)]
    [InlineData(ScalarType.Int16)]
    [InlineData(ScalarType.Int8)]
    [InlineData(ScalarType.Byte)]
    [InlineData(ScalarType.Bool)]
    public void Random_tensors_of_each_dtype_round_trip_bit_exactly(ScalarType dtype)
    {
        using var source = (randn(3, 5, 2) * 50).to(dtype);
        using var scalar = tensor(-2.0f).to(dtype);
        using var empty = zeros(2, 0).to(dtype);
        var path = files.Path($"{dtype}.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["t"] = source, ["s"] = scalar, ["e"] = empty });
        using var loaded = Safetensors.Load(path);
        SafetensorsTestFiles.ShouldMatch(loaded["t"], source);
        SafetensorsTestFiles.ShouldMatch(loaded["s"], scalar);
        SafetensorsTestFiles.ShouldMatch(loaded["e"], empty);
        loaded.Metadata.Should().BeEmpty();
    }

    [Fact]
    public void Non_contiguous_and_grad_requiring_tensors_are_saved_as_their_values()
    {
        using var matrix = arange(12).reshape(3, 4).to(float32);
        using var transposed = matrix.t();
        transposed.is_contiguous().Should().BeFalse();
        using var parameter = nn.Parameter(ones(2, 2));
        var path = files.Path("views.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["t"] = transposed, ["p"] = parameter });
        using var loaded = Safetensors.Load(path);
        SafetensorsTestFiles.ShouldMatch(loaded["t"], transposed);
        loaded["p"].requires_grad.Should().BeFalse();
        SafetensorsTestFiles.ShouldMatch(loaded["p"], parameter);
    }

    [Fact]
    public void Tensors_larger_than_one_write_chunk_round_trip()
    {
        using var large = arange(4_500_000).to(float32); // 18 MB: written in two chunks
        var path = files.Path("large.safetensors");
        Safetensors.Save(path, [new("large", large)]);
        new FileInfo(path).Length.Should().Be(8 + HeaderLength(path) + 18_000_000);
        using var loaded = Safetensors.Load(path);
        loaded["large"].allclose(large, rtol: 0, atol: 0).Should().BeTrue();
    }

    private static long HeaderLength(string path)
    {
        using var stream = File.OpenRead(path);
        var prefix = new byte[8];
        stream.ReadExactly(prefix);
        return (long)BitConverter.ToUInt64(prefix);
    }

    [Fact]
    public void The_reader_is_lazy_and_exposes_entries_and_metadata()
    {
        var tensors = SafetensorsTestFiles.DtypeTensors();
        try
        {
            var path = files.Path("lazy.safetensors");
            Safetensors.Save(path, tensors, new Dictionary<string, string> { ["epoch"] = "3" });
            using var reader = Safetensors.Open(path);
            reader.Names.Should().BeEquivalentTo(tensors.Keys);
            reader.Metadata.Should().Equal(new Dictionary<string, string> { ["epoch"] = "3" });
            reader.Contains("f64").Should().BeTrue();
            var entry = reader.Entry("f64");
            entry.DType.Should().Be(float64);
            entry.Shape.Should().Equal(2, 3);
            entry.ByteLength.Should().Be(48);
            using (var f64 = reader.Read("f64")) SafetensorsTestFiles.ShouldMatch(f64, tensors["f64"]);
            FluentActions.Invoking(() => reader.Read("missing")).Should().Throw<KeyNotFoundException>().WithMessage("*missing*");
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    [Fact]
    public void Read_after_dispose_fails_but_tensors_already_read_stay_valid()
    {
        using var source = arange(4).to(float32);
        var path = files.Path("dispose.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["x"] = source });
        var reader = Safetensors.Open(path);
        using var x = reader.Read("x");
        reader.Dispose();
        reader.Dispose();
        FluentActions.Invoking(() => reader.Read("x")).Should().Throw<ObjectDisposedException>();
        TensorData.ToArray<float>(x).Should().Equal(0, 1, 2, 3);
    }

    [Fact]
    public void Loaded_tensors_belong_to_the_file_not_to_the_dispose_scope()
    {
        using var source = ones(3);
        var path = files.Path("scope.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["x"] = source });
        SafetensorsFile loaded;
        using (NewDisposeScope()) loaded = Safetensors.Load(path);
        TensorData.ToArray<float>(loaded["x"]).Should().Equal(1, 1, 1);
        var tensor = loaded["x"];
        loaded.Dispose();
        FluentActions.Invoking(() => TensorData.ToArray<float>(tensor)).Should().Throw<InvalidOperationException>("TorchSharp refuses a disposed tensor");
        FluentActions.Invoking(() => loaded["x"]).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Saving_replaces_an_existing_file_and_the_new_content_loads()
    {
        var path = files.Path("replace.safetensors");
        using (var first = zeros(10)) Safetensors.Save(path, new Dictionary<string, Tensor> { ["a"] = first });
        using (var second = ones(2)) Safetensors.Save(path, new Dictionary<string, Tensor> { ["b"] = second }, new Dictionary<string, string> { ["v"] = "2" });
        using var loaded = Safetensors.Load(path);
        loaded.Keys.Should().Equal("b");
        TensorData.ToArray<float>(loaded["b"]).Should().Equal(1, 1);
        loaded.Metadata["v"].Should().Be("2");
        files.Files().Should().Equal("replace.safetensors");
    }

    [Fact]
    public void Invalid_names_are_rejected_before_writing()
    {
        using var t = ones(1);
        var path = files.Path("bad.safetensors");
        FluentActions.Invoking(() => Safetensors.Save(path, [new("__metadata__", t)])).Should().Throw<ArgumentException>().WithMessage("*reserved*");
        FluentActions.Invoking(() => Safetensors.Save(path, [new("", t)])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Safetensors.Save(path, [new("a", t), new("a", t)])).Should().Throw<ArgumentException>().WithMessage("*'a'*more than once*");
        files.Files().Should().BeEmpty();
    }
}
