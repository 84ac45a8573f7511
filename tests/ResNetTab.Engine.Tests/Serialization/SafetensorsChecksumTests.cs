using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ResNetTab.Engine.Serialization;
using ResNetTab.Engine.StateDicts;
using static TorchSharp.torch;

namespace ResNetTab.Engine.Tests.Serialization;

/// <summary>Files ResNetTab writes carry a SHA-256 over every byte; it is verified on load, and files without one still load.</summary>
public sealed class SafetensorsChecksumTests : IDisposable
{
    private readonly SafetensorsTestFiles files = new();

    public void Dispose() => files.Dispose();

    private string SaveSmall(string name)
    {
        using var a = arange(12).to(float32).reshape(3, 4);
        using var b = tensor(new long[] { 7, -1, 1L << 40 });
        var path = files.Path(name);
        Safetensors.Save(path, [new("a", a), new("b", b)], new Dictionary<string, string> { ["note"] = "x" });
        return path;
    }

    [Fact]
    public void The_checksum_is_the_sha256_of_the_file_with_its_own_value_read_as_zeros()
    {
        var path = SaveSmall("small.safetensors");
        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var metadata = header.RootElement.GetProperty("__metadata__");
        metadata.GetProperty("note").GetString().Should().Be("x");
        var value = metadata.GetProperty(Safetensors.ChecksumKey).GetString()!;
        value.Should().MatchRegex("^[0-9a-f]{64}$");

        var text = Encoding.ASCII.GetString(bytes);
        var at = text.IndexOf(value, StringComparison.Ordinal);
        var zeroed = (byte[])bytes.Clone();
        Encoding.ASCII.GetBytes(new string('0', 64)).CopyTo(zeroed, at);
        Convert.ToHexStringLower(SHA256.HashData(zeroed)).Should().Be(value);

        using var file = Safetensors.Load(path);
        file.HasChecksum.Should().BeTrue();
        file.Metadata.Should().Equal(new Dictionary<string, string> { ["note"] = "x" });
        using var reader = Safetensors.Open(path);
        reader.HasChecksum.Should().BeTrue();
        reader.Metadata.Should().NotContainKey(Safetensors.ChecksumKey);
    }

    [Fact]
    public void A_state_dict_saved_by_a_module_is_checksummed_and_a_pytorch_file_loads_without_one()
    {
        using var model = TorchSharp.torch.nn.Linear(3, 2);
        var path = files.Path("linear.safetensors");
        model.SaveSafetensors(path);
        using (var file = Safetensors.Load(path)) file.HasChecksum.Should().BeTrue();
        using var reference = Safetensors.Load(SafetensorsTestFiles.Oracle("st_mlp_state.safetensors"));
        reference.HasChecksum.Should().BeFalse();
        reference.Count.Should().BeGreaterThan(0);
    }

    [Fact]
    public void The_checksum_key_is_reserved()
    {
        using var t = ones(2);
        FluentActions.Invoking(() => Safetensors.Save(files.Path("r.safetensors"), [new("t", t)], new Dictionary<string, string> { [Safetensors.ChecksumKey] = "0" }))
            .Should().Throw<ArgumentException>().WithMessage("*reserved*");
    }

    [Fact]
    public void Every_single_byte_flip_in_the_data_is_caught_naming_the_file()
    {
        var path = SaveSmall("flip.safetensors");
        var original = File.ReadAllBytes(path);
        var dataStart = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(original);
        var damaged = files.Path("damaged.safetensors");
        for (var i = dataStart; i < original.Length; i++)
        {
            var bytes = (byte[])original.Clone();
            bytes[i] ^= (byte)(1 << (i % 8));
            File.WriteAllBytes(damaged, bytes);
            var error = FluentActions.Invoking(() => Safetensors.Load(damaged)).Should().Throw<InvalidDataException>().Which;
            error.Message.Should().Contain(damaged).And.Contain("checksum");
        }
    }

    [Fact]
    public void A_rewritten_header_is_caught()
    {
        var path = SaveSmall("rewritten.safetensors");
        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        // Same JSON, other spacing (the length and padding unchanged): the written form is gone, so it cannot be verified.
        var json = Encoding.UTF8.GetString(bytes, 8, headerLength).TrimEnd();
        var spaced = json.Replace("\"note\":\"x\"", "\"note\":\"\"", StringComparison.Ordinal)
            .Replace($"\"{Safetensors.ChecksumKey}\":", $"\"{Safetensors.ChecksumKey}\": ", StringComparison.Ordinal);
        spaced.Length.Should().BeLessThanOrEqualTo(headerLength);
        Encoding.UTF8.GetBytes(spaced.PadRight(headerLength)).CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        FluentActions.Invoking(() => Safetensors.Load(path)).Should().Throw<InvalidDataException>().WithMessage("*rewritten*");
    }
}
