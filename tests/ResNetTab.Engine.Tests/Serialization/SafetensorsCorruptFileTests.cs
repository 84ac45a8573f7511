using ResNetTab.Engine.Serialization;
using ResNetTab.Engine.Tensors;
using static TorchSharp.torch;

namespace ResNetTab.Engine.Tests.Serialization;

/// <summary>Truncated and corrupt files fail with a message naming the file and the problem.</summary>
public sealed class SafetensorsCorruptFileTests : IDisposable
{
    private readonly SafetensorsTestFiles files = new();

    public void Dispose() => files.Dispose();

    private static InvalidDataException LoadFails(string path, string problem)
    {
        var error = FluentActions.Invoking(() => Safetensors.Load(path)).Should().Throw<InvalidDataException>().Which;
        error.Message.Should().Contain(path).And.Match(problem);
        FluentActions.Invoking(() => Safetensors.Open(path)).Should().Throw<InvalidDataException>();
        return error;
    }

    private static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":[{shape}],\"data_offsets\":[{begin},{end}]}}";

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void A_file_shorter_than_the_length_prefix_fails(int length)
    {
        var path = files.Path("short.safetensors");
        File.WriteAllBytes(path, new byte[length]);
        LoadFails(path, $"*is {length} bytes long, shorter than the 8-byte header length*");
    }

    [Fact]
    public void A_file_truncated_inside_its_header_fails()
    {
        var bytes = File.ReadAllBytes(SafetensorsTestFiles.Oracle("st_mlp_state.safetensors"));
        var path = files.Path("cut-header.safetensors");
        File.WriteAllBytes(path, bytes[..100]);
        LoadFails(path, "*header length * goes beyond the end of the 100-byte file*truncated*");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    public void A_file_truncated_inside_its_data_fails(int cut)
    {
        var bytes = File.ReadAllBytes(SafetensorsTestFiles.Oracle("st_mlp_state.safetensors"));
        var path = files.Path("cut-data.safetensors");
        File.WriteAllBytes(path, bytes[..^cut]);
        LoadFails(path, "*the file is truncated: tensor '3.weight' needs data bytes*");
    }

    [Fact]
    public void A_huge_header_length_fails()
    {
        var path = files.WriteRaw("huge.safetensors", "{}", 0, declaredLength: ulong.MaxValue);
        LoadFails(path, "*header length 18446744073709551615 goes beyond the end*");
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",", "*header is not valid JSON*")]
    [InlineData("not json at all", "*header is not valid JSON*")]
    [InlineData("[1,2]", "*header is a JSON Array instead of an object*")]
    [InlineData("{\"a\":5}", "*tensor 'a' is described by a JSON Number*")]
    [InlineData("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", "*tensor 'a' has no \"dtype\" string*")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", "*tensor 'a' has no \"shape\" array*")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "*\"shape\" value -1*not a non-negative 64-bit integer*")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", "*has 1 \"data_offsets\" values instead of 2*")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", "*end before they begin*")]
    [InlineData("{\"__metadata__\":{\"k\":1}}", "*metadata entry 'k' must be a string*")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "*names 'a' more than once*")]
    public void A_corrupt_header_fails(string header, string problem)
    {
        var path = files.WriteRaw("corrupt.safetensors", header, 8);
        LoadFails(path, problem);
    }

    [Fact]
    public void Invalid_utf8_in_the_header_fails()
    {
        var path = files.Path("utf8.safetensors");
        var json = "{\"\u00e9\":{}}"u8.ToArray();
        json[3] = 0xFF;
        File.WriteAllBytes(path, BitConverter.GetBytes((ulong)json.Length).Concat(json).ToArray());
        LoadFails(path, "*header is not valid UTF-8*");
    }

    [Theory]
    [InlineData("F8_E4M3")]
    [InlineData("U64")]
    [InlineData("float32")]
    public void An_unknown_dtype_fails(string dtype)
    {
        var path = files.WriteRaw("dtype.safetensors", "{" + Entry("w", dtype, "4", 0, 4) + "}", 4);
        LoadFails(path, $"*tensor 'w' has unknown or unsupported dtype \"{dtype}\"*");
    }

    [Fact]
    public void A_byte_count_that_does_not_match_the_shape_fails()
    {
        var path = files.WriteRaw("count.safetensors", "{" + Entry("w", "F32", "2,3", 0, 20) + "}", 20);
        LoadFails(path, "*tensor 'w' of dtype F32 and shape [2, 3] needs 24 bytes, but its data_offsets [0, 20] span 20*");
    }

    [Fact]
    public void Overlapping_offsets_fail()
    {
        var header = "{" + Entry("a", "F32", "3", 0, 12) + "," + Entry("b", "F32", "2", 8, 16) + "}";
        var path = files.WriteRaw("overlap.safetensors", header, 16);
        LoadFails(path, "*tensor 'b' data_offsets [8, 16] overlap tensor 'a' [0, 12]*");
    }

    [Fact]
    public void Gaps_and_bytes_after_the_last_tensor_fail()
    {
        var gap = files.WriteRaw("gap.safetensors", "{" + Entry("a", "F32", "1", 0, 4) + "," + Entry("b", "F32", "1", 8, 12) + "}", 12);
        LoadFails(gap, "*4 bytes between tensor 'a' (ending at 4) and tensor 'b' (starting at 8) belong to no tensor*");
        var late = files.WriteRaw("late.safetensors", "{" + Entry("a", "F32", "1", 4, 8) + "}", 8);
        LoadFails(late, "*the first tensor, 'a', starts at data offset 4 instead of 0*");
        var trailing = files.WriteRaw("trailing.safetensors", "{" + Entry("a", "F32", "1", 0, 4) + "}", 9);
        LoadFails(trailing, "*5 bytes after the last tensor's data belong to no tensor*");
    }

    [Fact]
    public void Offsets_beyond_the_file_fail_as_truncated()
    {
        var path = files.WriteRaw("beyond.safetensors", "{" + Entry("a", "I64", "4", 0, 32) + "}", 16);
        LoadFails(path, "*the file is truncated: tensor 'a' needs data bytes [0, 32), but only 16 bytes of data follow the header*");
    }

    [Fact]
    public void Overflowing_shapes_fail()
    {
        var path = files.WriteRaw("overflow.safetensors", "{" + Entry("a", "F64", "4294967296,4294967296", 0, 8) + "}", 8);
        LoadFails(path, "*tensor 'a' of shape [4294967296, 4294967296] holds more than 2^63 bytes*");
    }

    [Fact]
    public void Headers_in_any_order_with_padding_and_unknown_fields_are_accepted()
    {
        var header = "{" + Entry("b", "I32", "1", 4, 8) + ",\"a\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":true}}   ";
        var path = files.WriteRaw("order.safetensors", header, 8);
        using var loaded = Safetensors.Load(path);
        loaded.Keys.Should().Equal("b", "a");
        TensorData.ToArray<int>(loaded["a"]).Should().Equal(BitConverter.ToInt32([0, 1, 2, 3]));
        TensorData.ToArray<int>(loaded["b"]).Should().Equal(BitConverter.ToInt32([4, 5, 6, 7]));
        loaded["b"].dtype.Should().Be(int32);
    }

    [Fact]
    public void A_missing_file_fails_with_FileNotFoundException()
    {
        FluentActions.Invoking(() => Safetensors.Load(files.Path("absent.safetensors"))).Should().Throw<FileNotFoundException>();
    }
}
