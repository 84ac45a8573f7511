using ResNetTab.Engine.StateDicts;
using TorchSharp.Modules;
using ResNetTab.Engine.Serialization;
using ResNetTab.Engine.Tensors;
using static TorchSharp.torch;

namespace ResNetTab.Engine.Tests.Serialization;

[Collection(RandomGeneratorCollection.Name)]
public sealed class ModuleSaveLoadTests : IDisposable
{
    private readonly SafetensorsTestFiles files = new();

    public void Dispose() => files.Dispose();

    /// <summary>A custom module: a parameter, an int64 buffer and a child, named as PyTorch would.</summary>
    private sealed class Head : nn.Module<Tensor, Tensor>
    {
        private readonly Parameter scale = nn.Parameter(randn(3));
        private readonly Tensor calls = zeros([1], dtype: int64);
        private readonly Linear proj = nn.Linear(3, 2);

        public Head() : base(nameof(Head)) => RegisterComponents();

        public override Tensor forward(Tensor input) => proj.call(input * scale);
    }

    [Fact]
    public void Save_then_load_reproduces_parameters_buffers_and_outputs()
    {
        using var a = new Head();
        using (no_grad()) a.state_dict()["calls"].fill_(41);
        var path = files.Path("head.safetensors");
        a.SaveSafetensors(path, new Dictionary<string, string> { ["epoch"] = "7" });

        using var b = new Head();
        var result = b.LoadSafetensors(path);
        result.MissingKeys.Should().BeEmpty();
        foreach (var (key, value) in a.state_dict())
            SafetensorsTestFiles.ShouldMatch(b.state_dict()[key], value, key);
        using var x = randn(4, 3);
        using var ya = a.call(x);
        using var yb = b.call(x);
        TensorData.ToArray<float>(yb).Should().Equal(TensorData.ToArray<float>(ya));
        b.parameters().Should().OnlyContain(p => p.requires_grad);

        using var file = Safetensors.Load(path);
        file.Keys.Should().BeEquivalentTo("scale", "calls", "proj.weight", "proj.bias");
        file.Metadata["epoch"].Should().Be("7");
    }

    [Fact]
    public void Strict_load_reports_missing_and_unexpected_keys_and_non_strict_returns_them()
    {
        using var head = new Head();
        using var other = zeros(3);
        using var scale = ones(3);
        var path = files.Path("partial.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["scale"] = scale, ["surplus"] = other });

        FluentActions.Invoking(() => head.LoadSafetensors(path)).Should().Throw<StateDictMismatchException>()
            .WithMessage("*Missing key(s)*\"calls\"*Unexpected key(s)*\"surplus\"*");
        var result = head.LoadSafetensors(path, strict: false);
        result.MissingKeys.Should().Equal("calls", "proj.weight", "proj.bias");
        result.UnexpectedKeys.Should().Equal("surplus");
        TensorData.ToArray<float>(head.state_dict()["scale"]).Should().Equal(1, 1, 1);
    }

    [Fact]
    public void Loading_a_corrupt_checkpoint_fails_clearly_and_leaves_the_module_unchanged()
    {
        using var head = new Head();
        var path = files.Path("head.safetensors");
        head.SaveSafetensors(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]);
        var before = TensorData.ToArray<float>(head.state_dict()["proj.weight"]);
        FluentActions.Invoking(() => head.LoadSafetensors(path)).Should().Throw<InvalidDataException>().WithMessage("*truncated*");
        TensorData.ToArray<float>(head.state_dict()["proj.weight"]).Should().Equal(before);
    }
}
