using ResNetTab.Models.Vision;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Vision;

/// <summary>
/// State-dict names and shapes, parameter counts and eval-mode outputs compared with torchvision
/// (reference data from <c>Oracle/generate_resnet.py</c>).
/// </summary>
public sealed class ResNetTorchvisionParityTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string, long> ParameterCounts => new()
    {
        { "resnet18", 11_689_512 },
        { "resnet34", 21_797_672 },
        { "resnet50", 25_557_032 },
        { "resnet101", 44_549_160 },
        { "resnet152", 60_192_808 },
    };

    public static TheoryData<string> Archs => new() { "resnet18", "resnet34", "resnet50", "resnet101", "resnet152" };

    public static TheoryData<string> ParityArchs => new() { "resnet18", "resnet34", "resnet50" };

    internal static ResNet Preset(string arch, long classes = 1000) => arch switch
    {
        "resnet18" => ResNet.ResNet18(classes),
        "resnet34" => ResNet.ResNet34(classes),
        "resnet50" => ResNet.ResNet50(classes),
        "resnet101" => ResNet.ResNet101(classes),
        "resnet152" => ResNet.ResNet152(classes),
        _ => throw new ArgumentOutOfRangeException(nameof(arch), arch, null),
    };

    [Theory]
    [MemberData(nameof(ParameterCounts))]
    public void Parameter_counts_match_torchvision(string arch, long expected)
    {
        using var net = Preset(arch);
        net.ParameterCount().Should().Be(expected);
        ResNetOracle.ParameterCount(arch).Should().Be(expected, "the committed torchvision reference agrees");
    }

    [Theory]
    [MemberData(nameof(Archs))]
    public void State_dict_keys_and_shapes_equal_torchvision_in_order(string arch)
    {
        using var net = Preset(arch);
        var ours = net.OrderedStateDict().Select(kv => (kv.Key, string.Join("x", kv.Value.shape))).ToList();
        var theirs = ResNetOracle.Entries(arch).Select(e => (e.key, string.Join("x", e.shape))).ToList();
        ours.Select(e => e.Key).Should().Equal(theirs.Select(e => e.key));
        ours.Should().Equal(theirs);
    }

    [Theory]
    [MemberData(nameof(ParityArchs))]
    public void Eval_outputs_reproduce_torchvision(string arch)
    {
        var expected = ResNetOracle.Parity.GetProperty("archs").GetProperty(arch);
        var classes = ResNetOracle.Parity.GetProperty("classes").GetInt64();
        var kept = ResNetOracle.Parity.GetProperty("features_kept").GetInt32();
        using var scope = NewDisposeScope();
        using var net = Preset(arch, classes);
        ResNetOracle.Fill(net);
        net.eval();
        using var _ = no_grad();
        var x = ResNetOracle.Input();

        var logits = net.call(x);
        logits.shape.Should().Equal(expected.GetProperty("logits_shape").EnumerateArray().Select(e => e.GetInt64()));
        var logitsDiff = MaxAbsDiff(logits.data<float>().ToArray(), ResNetOracle.Floats(expected.GetProperty("logits")));

        var features = net.forward_features(x);
        features.shape.Should().Equal(expected.GetProperty("features_shape").EnumerateArray().Select(e => e.GetInt64()));
        var head = features.narrow(1, 0, kept).contiguous().data<float>().ToArray();
        var featuresDiff = MaxAbsDiff(head, ResNetOracle.Floats(expected.GetProperty("features_head")));
        var all = features.data<float>().ToArray();
        var sum = all.Sum(v => (double)v);
        var sumSquares = all.Sum(v => (double)v * v);

        logitsDiff.Should().BeLessThanOrEqualTo(Tolerance, $"{arch} logits");
        featuresDiff.Should().BeLessThanOrEqualTo(Tolerance, $"{arch} forward_features");
        var n = all.Length;
        sum.Should().BeApproximately(expected.GetProperty("features_sum").GetDouble(), Tolerance * n, "the whole embedding sums alike");
        sumSquares.Should().BeApproximately(expected.GetProperty("features_sum_squares").GetDouble(), 2 * Tolerance * n * (1 + all.Max(Math.Abs)));
        all.Max(Math.Abs).Should().BeApproximately((float)expected.GetProperty("features_max_abs").GetDouble(), (float)Tolerance);
        // Non-trivial outputs: a collapse to zeros would pass a loose comparison.
        all.Max(Math.Abs).Should().BeGreaterThan(0.05f);
        Console.WriteLine($"{arch}: max |Δ| logits {logitsDiff:E2}, forward_features {featuresDiff:E2}");
    }

    private static double MaxAbsDiff(float[] actual, float[] expected)
    {
        actual.Length.Should().Be(expected.Length);
        var max = 0.0;
        for (var i = 0; i < actual.Length; i++) max = Math.Max(max, Math.Abs((double)actual[i] - expected[i]));
        return max;
    }
}
