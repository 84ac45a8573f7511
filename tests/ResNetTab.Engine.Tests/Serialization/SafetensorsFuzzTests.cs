using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ResNetTab.Engine.Serialization;
using static TorchSharp.torch;

namespace ResNetTab.Engine.Tests.Serialization;

/// <summary>
/// Damaged and hostile safetensors files: truncations, byte flips in header and data, and headers edited
/// consistently (checksum recomputed) to claim huge shapes or offsets. Every failure is an
/// <see cref="InvalidDataException"/> naming the file, and nothing is allocated beyond the file's own size.
/// </summary>
public sealed class SafetensorsFuzzTests : IDisposable
{
    private readonly SafetensorsTestFiles files = new();

    public void Dispose() => files.Dispose();

    private byte[] Original(out Dictionary<string, float[]> values)
    {
        using var a = arange(24).to(float32).reshape(2, 3, 4);
        using var b = full(5, 0.5f);
        var path = files.Path("original.safetensors");
        Safetensors.Save(path, [new("a", a), new("b.bias", b)], new Dictionary<string, string> { ["epoch"] = "3" });
        values = new() { ["a"] = a.data<float>().ToArray(), ["b.bias"] = b.data<float>().ToArray() };
        return File.ReadAllBytes(path);
    }

    /// <summary>Loads <paramref name="bytes"/>: either an <see cref="InvalidDataException"/> naming the file, or tensors (returned).</summary>
    private Dictionary<string, float[]>? LoadOrFail(byte[] bytes, string name = "fuzz.safetensors")
    {
        var path = files.Path(name);
        File.WriteAllBytes(path, bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            using var file = Safetensors.Load(path);
            return file.ToDictionary(p => p.Key, p => p.Value.numel() == 0 ? [] : p.Value.to(float32).data<float>().ToArray());
        }
        catch (InvalidDataException e)
        {
            e.Message.Should().Contain(path);
            return null;
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{e.GetType().Name} instead of InvalidDataException: {e.Message}");
        }
        finally
        {
            (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(Math.Max(1 << 20, 8L * bytes.Length), "a load allocates no more than the file's size allows");
        }
    }

    [Fact]
    public void Every_truncation_fails_with_InvalidDataException()
    {
        var original = Original(out _);
        for (var length = 0; length < original.Length; length++)
            LoadOrFail(original[..length]).Should().BeNull($"a file cut to {length} of {original.Length} bytes is refused");
    }

    [Fact]
    public void Every_byte_flip_fails_or_leaves_the_tensors_intact()
    {
        var original = Original(out var values);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(original);
        var header = Encoding.ASCII.GetString(original, 8, headerLength);
        var keyStart = 8 + header.IndexOf(Safetensors.ChecksumKey, StringComparison.Ordinal);
        var random = new System.Random(17);
        for (var i = 0; i < original.Length; i++)
        {
            foreach (var mask in new[] { (byte)0x01, (byte)(1 << random.Next(1, 8)), (byte)0xFF })
            {
                var bytes = (byte[])original.Clone();
                bytes[i] ^= mask;
                var loaded = LoadOrFail(bytes);
                if (loaded is null) continue;
                // Only damage to the checksum's key name itself goes unnoticed: the file then reads as one without a
                // checksum, and its tensors are still exactly those written.
                i.Should().BeInRange(keyStart, keyStart + Safetensors.ChecksumKey.Length - 1, $"the flip of byte {i} by {mask:x2} was not caught");
                loaded.Keys.Should().BeEquivalentTo(values.Keys);
                foreach (var (name, v) in values) loaded[name].Should().Equal(v);
            }
        }
    }

    /// <summary>Writes <paramref name="header"/> (with a checksum recomputed as the writer would) and <paramref name="data"/>.</summary>
    private static byte[] Consistent(string header, byte[] data)
    {
        var placeholder = new string('0', 64);
        var json = Encoding.UTF8.GetBytes(header.Replace("CHECKSUM", placeholder, StringComparison.Ordinal));
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        var hex = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var at = 8 + Encoding.UTF8.GetString(json).IndexOf(placeholder, StringComparison.Ordinal);
        Encoding.ASCII.GetBytes(hex).CopyTo(bytes, at);
        return bytes;
    }

    [Theory]
    [InlineData("\"t\":{\"dtype\":\"F32\",\"shape\":[1099511627776],\"data_offsets\":[0,4398046511104]}", "truncated")]
    [InlineData("\"t\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,16]}", "more than 2^63 bytes")]
    [InlineData("\"t\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[9223372036854775791,9223372036854775807]}", "starts at data offset")]
    [InlineData("\"t\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,18446744073709551615]}", "not a non-negative 64-bit integer")]
    [InlineData("\"t\":{\"dtype\":\"F32\",\"shape\":[-4],\"data_offsets\":[0,16]}", "not a non-negative 64-bit integer")]
    [InlineData("\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"u\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}", "overlap")]
    [InlineData("\"t\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},\"u\":{\"dtype\":\"F32\",\"shape\":[0,4611686018427387904],\"data_offsets\":[16,16]}", null)]
    public void A_consistent_header_claiming_huge_shapes_or_offsets_is_refused_before_allocating(string tensors, string? problem)
    {
        var bytes = Consistent($"{{\"__metadata__\":{{\"{Safetensors.ChecksumKey}\":\"CHECKSUM\"}},{tensors}}}", new byte[16]);
        var loaded = LoadOrFail(bytes, "edited.safetensors");
        if (problem is null)
        {
            // An empty tensor may have a huge dimension beside a zero one: it holds no bytes and loads.
            loaded.Should().NotBeNull();
            loaded!["u"].Should().BeEmpty();
            return;
        }
        loaded.Should().BeNull();
        FluentActions.Invoking(() => Safetensors.Load(files.Path("edited.safetensors"))).Should().Throw<InvalidDataException>().WithMessage($"*{problem}*");
    }

    [Fact]
    public void A_consistent_header_with_too_many_dimensions_is_refused()
    {
        var shape = string.Join(',', Enumerable.Repeat(1, 65));
        var bytes = Consistent($"{{\"__metadata__\":{{\"{Safetensors.ChecksumKey}\":\"CHECKSUM\"}},\"t\":{{\"dtype\":\"U8\",\"shape\":[{shape}],\"data_offsets\":[0,1]}}}}", new byte[1]);
        LoadOrFail(bytes).Should().BeNull();
        FluentActions.Invoking(() => Safetensors.Load(files.Path("fuzz.safetensors"))).Should().Throw<InvalidDataException>().WithMessage("*65 dimensions*");
    }

    [Fact]
    public void A_checksum_that_is_not_hex_is_refused()
    {
        var bytes = Consistent($"{{\"__metadata__\":{{\"{Safetensors.ChecksumKey}\":\"CHECKSUM\"}},\"t\":{{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}}}", new byte[1]);
        var text = Encoding.ASCII.GetString(bytes);
        var at = text.IndexOf($"\"{Safetensors.ChecksumKey}\":\"", StringComparison.Ordinal) + Safetensors.ChecksumKey.Length + 4;
        bytes[at] = (byte)'G';
        LoadOrFail(bytes).Should().BeNull();
        FluentActions.Invoking(() => Safetensors.Load(files.Path("fuzz.safetensors"))).Should().Throw<InvalidDataException>().WithMessage("*64 lowercase hex digits*");
    }
}
