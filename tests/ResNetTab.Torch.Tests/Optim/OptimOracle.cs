using System.Text.Json;
using ResNetTab.Torch.Modules;
using ResNetTab.Torch.Optimizers;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests.Optim;

/// <summary>
/// Reads Oracle/optim.json (written by Oracle/generate_optim.py) and rebuilds its small float64
/// problem: parameters W (2x3) and b (2), data x, y and the generator's loss.
/// </summary>
internal static class OptimOracle
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Oracle", "optim.json"))));

    internal static JsonElement Root => Document.Value.RootElement;

    /// <summary>The cases of one section ("optimizers", "schedulers", "clip") by name.</summary>
    internal static JsonElement Case(string section, string name) =>
        Root.GetProperty(section).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>Case names of a section as theory data.</summary>
    internal static TheoryData<string> Names(string section)
    {
        var data = new TheoryData<string>();
        foreach (var c in Root.GetProperty(section).EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    internal static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>Fresh parameters W and b at the problem's initial values (not in any dispose scope).</summary>
    internal static (Parameter W, Parameter b) Parameters()
    {
        var p = Root.GetProperty("problem");
        using var scope = NewDisposeScope();
        var w = nn.Parameter(tensor(Doubles(p.GetProperty("W")), [2, 3], ScalarType.Float64));
        var b = nn.Parameter(tensor(Doubles(p.GetProperty("b")), [2], ScalarType.Float64));
        return (w, b);
    }

    /// <summary>loss = sum(r*r) + sum(sin(W)) + 0.5*sum(b*b*b), r = W x + b[:, None] - y, as the generator.</summary>
    internal static Tensor Loss(Tensor w, Tensor b)
    {
        var p = Root.GetProperty("problem");
        var x = tensor(Doubles(p.GetProperty("x")), [3, 4], ScalarType.Float64);
        var y = tensor(Doubles(p.GetProperty("y")), [2, 4], ScalarType.Float64);
        var r = w.mm(x) + b.unsqueeze(1) - y;
        return (r * r).sum() + w.sin().sum() + (b * b * b).sum() * 0.5;
    }

    /// <summary>Backpropagates the loss into the parameters' gradients; temporaries are freed.</summary>
    internal static void Backward(Parameter w, Parameter b)
    {
        using var scope = NewDisposeScope();
        Loss(w, b).backward();
    }

    /// <summary>W and b flattened, W first, as the generator records them.</summary>
    internal static double[] Flat(Parameter w, Parameter b)
    {
        using var scope = NewDisposeScope();
        return w.detach().reshape(-1).ReadAll<double>().Concat(b.detach().ReadAll<double>()).ToArray();
    }

    /// <summary>Builds the optimizer a case describes (C# argument names; Adam betas as beta1/beta2).</summary>
    internal static Optimizer CreateOptimizer(string kind, JsonElement args, JsonElement groups, Parameter w, Parameter b)
    {
        double D(string key, double fallback) => args.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;
        bool B(string key) => args.TryGetProperty(key, out var v) && v.GetBoolean();

        IEnumerable<ParamGroup> pg = groups.ValueKind == JsonValueKind.Array
            ? groups.EnumerateArray().Select(g => Group(g, w, b)).ToList()
            : [new ParamGroup([w, b])];
        return kind switch
        {
            "SGD" => optim.SGD(pg, D("lr", 0), D("momentum", 0), D("dampening", 0), D("weight_decay", 0), B("nesterov"), B("maximize")),
            "Adam" => optim.Adam(pg, D("lr", 1e-3), D("beta1", 0.9), D("beta2", 0.999), D("eps", 1e-8), D("weight_decay", 0), B("amsgrad"), B("maximize")),
            "AdamW" => optim.AdamW(pg, D("lr", 1e-3), D("beta1", 0.9), D("beta2", 0.999), D("eps", 1e-8), D("weight_decay", 1e-2), B("amsgrad"), B("maximize")),
            "RMSprop" => optim.RMSprop(pg, D("lr", 1e-2), D("alpha", 0.99), D("eps", 1e-8), D("weight_decay", 0), D("momentum", 0), B("centered"), B("maximize")),
            _ => throw new ArgumentException($"unknown optimizer {kind}", nameof(kind)),
        };
    }

    private static ParamGroup Group(JsonElement g, Parameter w, Parameter b)
    {
        var options = new Dictionary<string, double>();
        Parameter? p = null;
        foreach (var prop in g.EnumerateObject())
        {
            if (prop.Name == "params") p = prop.Value.GetString() == "W" ? w : b;
            else options[prop.Name] = prop.Value.GetDouble();
        }
        return new ParamGroup([p!], options);
    }

    /// <summary>Asserts |actual − expected| ≤ tol·max(1, |expected|) elementwise.</summary>
    internal static void ShouldMatch(double[] actual, double[] expected, double tol, string because)
    {
        actual.Length.Should().Be(expected.Length, because);
        for (var i = 0; i < actual.Length; i++)
            Math.Abs(actual[i] - expected[i]).Should().BeLessThanOrEqualTo(tol * Math.Max(1, Math.Abs(expected[i])),
                $"{because}, element {i}: {actual[i]:R} vs {expected[i]:R}");
    }
}
