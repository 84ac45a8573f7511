using ResNetTab.Engine.Serialization;
using ResNetTab.Engine.Tensors;
using ResNetTab.Engine.StateDicts;
using static TorchSharp.torch;

namespace ResNetTab.Engine.Tests.Serialization;

/// <summary>
/// Compatibility with files laid out as the Python safetensors package writes them
/// (Oracle/generate_safetensors.py, PyTorch 1.13).
/// </summary>
[Collection(RandomGeneratorCollection.Name)]
public sealed class SafetensorsOracleTests : IDisposable
{
    private readonly SafetensorsTestFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void Reference_file_of_every_dtype_reads_with_the_generator_values()
    {
        var expected = SafetensorsTestFiles.DtypeTensors();
        try
        {
            using var loaded = Safetensors.Load(SafetensorsTestFiles.Oracle("st_dtypes.safetensors"));
            loaded.Keys.Should().BeEquivalentTo(expected.Keys);
            foreach (var (name, tensor) in expected)
                SafetensorsTestFiles.ShouldMatch(loaded[name], tensor, name);
            loaded.Metadata.Should().Equal(SafetensorsTestFiles.DtypeMetadata());
        }
        finally
        {
            foreach (var t in expected.Values) t.Dispose();
        }
    }

    [Fact]
    public void Saving_the_same_tensors_writes_the_reference_file_byte_for_byte()
    {
        var tensors = SafetensorsTestFiles.DtypeTensors();
        try
        {
            var path = files.Path("dtypes.safetensors");
            SafetensorsTestFiles.SaveWithoutChecksum(path, tensors, SafetensorsTestFiles.DtypeMetadata());
            File.ReadAllBytes(path).Should().Equal(File.ReadAllBytes(SafetensorsTestFiles.Oracle("st_dtypes.safetensors")));
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    [Fact]
    public void Known_serializations_of_the_format_are_reproduced()
    {
        // An F32 tensor [1, 2, 3] holding 0..5 named "attn.0": a 64-byte header needing no padding.
        using var attn = arange(6).to(float32).reshape(1, 2, 3);
        var path = files.Path("attn.safetensors");
        SafetensorsTestFiles.SaveWithoutChecksum(path, [new("attn.0", attn)]);
        var header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}"u8.ToArray();
        var expected = new byte[] { 64, 0, 0, 0, 0, 0, 0, 0 }.Concat(header)
            .Concat(new float[] { 0, 1, 2, 3, 4, 5 }.SelectMany(BitConverter.GetBytes)).ToArray();
        File.ReadAllBytes(path).Should().Equal(expected);

        // No tensors: "{}" padded with six spaces; with metadata, "__metadata__" comes first.
        var emptyPath = files.Path("empty.safetensors");
        SafetensorsTestFiles.SaveWithoutChecksum(emptyPath, []);
        File.ReadAllBytes(emptyPath).Should().Equal(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0 }.Concat("{}      "u8.ToArray()));
        SafetensorsTestFiles.SaveWithoutChecksum(emptyPath, [], new Dictionary<string, string> { ["framework"] = "pt" });
        File.ReadAllBytes(emptyPath).Should().Equal(new byte[] { 40, 0, 0, 0, 0, 0, 0, 0 }.Concat("{\"__metadata__\":{\"framework\":\"pt\"}}     "u8.ToArray()));
        using var empty = Safetensors.Load(emptyPath);
        empty.Count.Should().Be(0);
        empty.Metadata["framework"].Should().Be("pt");
    }

    private static TorchSharp.Modules.Sequential Mlp() => nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3));

    [Fact]
    public void A_PyTorch_state_dict_loads_by_name_and_reproduces_PyTorch_outputs()
    {
        using var model = Mlp();
        var result = model.LoadSafetensors(SafetensorsTestFiles.Oracle("st_mlp_state.safetensors"));
        result.MissingKeys.Should().BeEmpty();
        result.UnexpectedKeys.Should().BeEmpty();
        model.state_dict()["1.num_batches_tracked"].item<long>().Should().Be(2);
        model.eval();

        using var io = Safetensors.Load(SafetensorsTestFiles.Oracle("st_mlp_io.safetensors"));
        using var y = model.call(io["input"]);
        var actual = TensorData.ToArray<float>(y);
        var expected = TensorData.ToArray<float>(io["output"]);
        y.shape.Should().Equal(5, 3);
        for (var i = 0; i < expected.Length; i++) actual[i].Should().BeApproximately(expected[i], 1e-5f, $"output element {i}");
    }

    [Fact]
    public void Saving_a_module_loaded_from_PyTorch_writes_PyTorchs_file_again()
    {
        using var model = Mlp();
        var oracle = SafetensorsTestFiles.Oracle("st_mlp_state.safetensors");
        model.LoadSafetensors(oracle);
        var path = files.Path("mlp.safetensors");
        model.SaveSafetensors(path, new Dictionary<string, string> { ["format"] = "pt" });
        // The same tensors in the same order, byte for byte; the header gains only the checksum entry.
        var written = File.ReadAllBytes(path);
        var reference = File.ReadAllBytes(oracle);
        SafetensorsTestFiles.DataRegion(written).Should().Equal(SafetensorsTestFiles.DataRegion(reference));
        using var file = Safetensors.Load(path);
        file.HasChecksum.Should().BeTrue();
        file.Metadata.Should().Equal(new Dictionary<string, string> { ["format"] = "pt" });
        SafetensorsTestFiles.SaveWithoutChecksum(path, model.OrderedStateDict(), new Dictionary<string, string> { ["format"] = "pt" });
        File.ReadAllBytes(path).Should().Equal(reference);
    }
}
