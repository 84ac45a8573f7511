using ResNetTab.Models.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Training;

/// <summary>The fused step against TorchSharp's AdamW (and Adam for weight decay 0) on the same parameters and gradients.</summary>
public sealed class FusedAdamWTests
{
    private static Parameter[] Parameters(ScalarType dtype)
    {
        manual_seed(7);
        // 37 and 1 elements exercise the scalar tail after the SIMD loop.
        return [new Parameter(randn(37, 5, dtype: dtype)), new Parameter(randn(1, dtype: dtype)), new Parameter(randn(64, dtype: dtype))];
    }

    private static double[][] Run(Func<Parameter[], optim.Optimizer> create, ScalarType dtype, int steps = 6)
    {
        var parameters = Parameters(dtype);
        using var optimizer = create(parameters);
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            // A loss whose gradient changes with the parameters and the step.
            var loss = parameters.Select(p => (p.pow(2) * (step + 1)).sum() + p.sin().sum()).Aggregate((a, b) => a + b);
            loss.backward();
            optimizer.step();
        }
        var result = parameters.Select(p => p.ReadAll<double>()).ToArray();
        foreach (var p in parameters) p.Dispose();
        return result;
    }

    private static void ShouldMatch(double[][] actual, double[][] expected, double tolerance)
    {
        for (var t = 0; t < expected.Length; t++)
            for (var i = 0; i < expected[t].Length; i++)
                actual[t][i].Should().BeApproximately(expected[t][i], tolerance, $"parameter {t}[{i}]");
    }

    [Fact]
    public void Matches_adamw_with_weight_decay()
    {
        var expected = Run(p => optim.AdamW(p, 0.01, weight_decay: 0.1), ScalarType.Float32);
        var actual = Run(p => new FusedAdamW(p, 0.01, weightDecay: 0.1), ScalarType.Float32);
        ShouldMatch(actual, expected, 1e-6);
        actual.SelectMany(v => v).Should().NotEqual(Parameters(ScalarType.Float32).SelectMany(p => p.ReadAll<double>()), "the parameters must move");
    }

    [Fact]
    public void With_zero_weight_decay_matches_adam()
    {
        var expected = Run(p => optim.Adam(p, 0.01), ScalarType.Float32);
        var actual = Run(p => new FusedAdamW(p, 0.01, weightDecay: 0), ScalarType.Float32);
        ShouldMatch(actual, expected, 1e-6);
    }

    [Fact]
    public void Float64_parameters_take_adamw_tensor_path_exactly()
    {
        var expected = Run(p => optim.AdamW(p, 0.01, weight_decay: 0.1), ScalarType.Float64);
        var actual = Run(p => new FusedAdamW(p, 0.01, weightDecay: 0.1), ScalarType.Float64);
        ShouldMatch(actual, expected, 1e-15);
    }

    [Fact]
    public void Saved_state_resumes_exactly()
    {
        static void Step(Parameter[] parameters, optim.Optimizer optimizer)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            parameters.Select(p => p.pow(2).sum() + p.cos().sum()).Aggregate((a, b) => a + b).backward();
            optimizer.step();
        }
        var original = Parameters(ScalarType.Float32);
        using var first = new FusedAdamW(original, 0.01);
        Step(original, first);
        Step(original, first);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) first.save_state_dict(writer);
        var copy = original.Select(p => new Parameter(p.detach().clone())).ToArray();
        using var resumed = new FusedAdamW(copy, 0.01);
        buffer.Position = 0;
        using (var reader = new BinaryReader(buffer)) resumed.load_state_dict(reader);
        Step(original, first);
        Step(copy, resumed);
        for (var t = 0; t < original.Length; t++) copy[t].ReadAll<float>().Should().Equal(original[t].ReadAll<float>());
        foreach (var p in original.Concat(copy)) p.Dispose();
    }
}
