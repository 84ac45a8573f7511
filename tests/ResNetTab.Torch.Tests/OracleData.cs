using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

/// <summary>
/// Reads the PyTorch reference cases written by <c>Oracle/generate_oracle.py</c> (copied next to the
/// test assembly) and compares binding results with them.
/// </summary>
public static class OracleData
{
    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, OracleCase>> Files = new();

    /// <summary>All cases of one oracle file, by name.</summary>
    public static IReadOnlyDictionary<string, OracleCase> Load(string file) => Files.GetOrAdd(file, LoadFile);

    /// <summary>One case by file and name.</summary>
    public static OracleCase Case(string file, string name) => Load(file)[name];

    /// <summary>Case names of a file as xunit theory data.</summary>
    public static TheoryData<string> Names(string file, params string[] except)
    {
        foreach (var name in except)
            if (!Load(file).ContainsKey(name)) throw new ArgumentException($"{file} has no case {name}", nameof(except));
        var data = new TheoryData<string>();
        foreach (var name in Load(file).Keys)
            if (!except.Contains(name)) data.Add(name);
        return data;
    }

    private static IReadOnlyDictionary<string, OracleCase> LoadFile(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Oracle", file);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var result = new Dictionary<string, OracleCase>(StringComparer.Ordinal);
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var item = new OracleCase(
                c.GetProperty("name").GetString()!,
                c.GetProperty("op").GetString()!,
                c.GetProperty("inputs").EnumerateArray().Select(OracleTensor.Parse).ToArray(),
                c.GetProperty("args").Clone(),
                c.GetProperty("outputs").EnumerateArray().Select(OracleTensor.Parse).ToArray());
            result.Add(item.Name, item);
        }
        return result;
    }

    /// <summary>Parses a JSON number or one of "nan", "inf", "-inf".</summary>
    internal static double ParseDouble(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        JsonValueKind.String => e.GetString() switch
        {
            "nan" => double.NaN,
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            var s => double.Parse(s!, CultureInfo.InvariantCulture),
        },
        _ => throw new FormatException($"not a number: {e}"),
    };

    internal static ScalarType ParseDtype(string name) => name switch
    {
        "float32" => ScalarType.Float32,
        "float64" => ScalarType.Float64,
        "int64" => ScalarType.Int64,
        "int32" => ScalarType.Int32,
        "uint8" => ScalarType.Byte,
        "bool" => ScalarType.Bool,
        _ => throw new FormatException($"unknown dtype {name}"),
    };
}

/// <summary>A tensor as written by the oracle generator: dtype, shape and row-major values.</summary>
public sealed class OracleTensor
{
    private OracleTensor(ScalarType dtype, long[] shape, double[] values, long[] integers)
    {
        Dtype = dtype;
        Shape = shape;
        Values = values;
        Integers = integers;
    }

    /// <summary>Element type.</summary>
    public ScalarType Dtype { get; }

    /// <summary>Shape.</summary>
    public long[] Shape { get; }

    /// <summary>Values as doubles (exact for float32 and float64 data).</summary>
    public double[] Values { get; }

    /// <summary>Values as integers (exact for integral and bool data; truncated for floats).</summary>
    public long[] Integers { get; }

    /// <summary>True for float32 and float64 data.</summary>
    public bool IsFloating => Dtype is ScalarType.Float32 or ScalarType.Float64;

    internal static OracleTensor Parse(JsonElement e)
    {
        var dtype = OracleData.ParseDtype(e.GetProperty("dtype").GetString()!);
        var shape = e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var raw = e.GetProperty("values").EnumerateArray().ToArray();
        var values = raw.Select(OracleData.ParseDouble).ToArray();
        var integers = dtype is ScalarType.Float32 or ScalarType.Float64
            ? values.Select(v => double.IsFinite(v) ? (long)v : 0L).ToArray()
            : raw.Select(v => v.GetInt64()).ToArray();
        return new OracleTensor(dtype, shape, values, integers);
    }

    /// <summary>Creates the tensor through the binding's typed <c>tensor(...)</c> factories.</summary>
    public Tensor ToTensor(bool requires_grad = false) => Dtype switch
    {
        ScalarType.Float32 => tensor(Values.Select(v => (float)v).ToArray(), Shape, requires_grad: requires_grad),
        ScalarType.Float64 => tensor(Values, Shape, requires_grad: requires_grad),
        ScalarType.Int64 => tensor(Integers, Shape),
        ScalarType.Int32 => tensor(Integers.Select(v => checked((int)v)).ToArray(), Shape),
        ScalarType.Byte => tensor(Integers.Select(v => checked((byte)v)).ToArray(), Shape),
        ScalarType.Bool => tensor(Integers.Select(v => v != 0).ToArray(), Shape),
        _ => throw new NotSupportedException(Dtype.ToString()),
    };

    /// <inheritdoc />
    public override string ToString() => $"{Dtype}[{string.Join(",", Shape)}]";
}

/// <summary>One reference case: an op, its inputs and arguments, and PyTorch's outputs.</summary>
public sealed record OracleCase(string Name, string Op, OracleTensor[] Inputs, JsonElement Args, OracleTensor[] Outputs)
{
    /// <summary>The inputs as new tensors (owned by the current dispose scope).</summary>
    public Tensor[] InputTensors() => Inputs.Select(i => i.ToTensor()).ToArray();

    /// <summary>The single expected output.</summary>
    public OracleTensor Expected => Outputs.Length == 1 ? Outputs[0] : throw new InvalidOperationException($"{Name} has {Outputs.Length} outputs");

    /// <summary>True when the argument is present.</summary>
    public bool Has(string name) => Args.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>An integral argument.</summary>
    public long Long(string name) => Args.GetProperty(name).GetInt64();

    /// <summary>A floating-point argument (also accepts "inf"/"nan").</summary>
    public double Double(string name) => OracleData.ParseDouble(Args.GetProperty(name));

    /// <summary>An optional floating-point argument.</summary>
    public double? OptDouble(string name) => Has(name) ? Double(name) : null;

    /// <summary>A boolean argument.</summary>
    public bool Bool(string name) => Args.GetProperty(name).GetBoolean();

    /// <summary>A string argument.</summary>
    public string Str(string name) => Args.GetProperty(name).GetString()!;

    /// <summary>An integer-list argument.</summary>
    public long[] Longs(string name) => Args.GetProperty(name).EnumerateArray().Select(v => v.GetInt64()).ToArray();

    /// <summary>An optional dtype argument.</summary>
    public ScalarType? Dtype(string name = "dtype") => Has(name) ? OracleData.ParseDtype(Str(name)) : null;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>Comparisons of binding results with oracle tensors.</summary>
public static class OracleAssert
{
    /// <summary>Relative tolerance for float32 results.</summary>
    public const double Float32Rtol = 1e-6;

    /// <summary>Relative tolerance for float64 results.</summary>
    public const double Float64Rtol = 1e-12;

    /// <summary>
    /// Checks dtype, shape and values: integral and bool values exactly, floats to
    /// |actual − expected| ≤ rtol·(|expected| + 1) (NaN and ±∞ must match exactly); the absolute
    /// part (rtol) absorbs rounding of results that cancel to near zero.
    /// </summary>
    public static void Matches(Tensor actual, OracleTensor expected, string because = "", double? rtol = null)
    {
        actual.dtype.Should().Be(expected.Dtype, "dtype of {0}", because);
        actual.shape.Should().Equal(expected.Shape, "shape of {0}", because);
        if (!expected.IsFloating)
        {
            actual.ReadAll<long>().Should().Equal(expected.Integers, "values of {0}", because);
            return;
        }
        var tol = rtol ?? (expected.Dtype == ScalarType.Float32 ? Float32Rtol : Float64Rtol);
        AreClose(actual.ReadAll<double>(), expected.Values, tol, because);
    }

    /// <summary>Elementwise closeness with the rule of <see cref="Matches"/>.</summary>
    public static void AreClose(double[] actual, double[] expected, double rtol, string because = "")
    {
        actual.Length.Should().Be(expected.Length, "element count of {0}", because);
        var atol = rtol;
        for (var i = 0; i < expected.Length; i++)
        {
            double a = actual[i], e = expected[i];
            if (double.IsNaN(e) || double.IsInfinity(e))
            {
                a.Should().Be(e, "element {0} of {1}", i, because);
                continue;
            }
            if (Math.Abs(a - e) > rtol * Math.Abs(e) + atol)
                throw new Xunit.Sdk.XunitException(
                    $"element {i} of {because}: expected {e:R} but got {a:R} (|diff| {Math.Abs(a - e):E3} > {rtol * Math.Abs(e) + atol:E3})");
        }
    }

    /// <summary>Checks each output of a multi-output op.</summary>
    public static void MatchesAll(IReadOnlyList<Tensor> actual, OracleCase c, double? rtol = null)
    {
        actual.Count.Should().Be(c.Outputs.Length, "output count of {0}", c.Name);
        for (var i = 0; i < actual.Count; i++) Matches(actual[i], c.Outputs[i], $"{c.Name} output {i}", rtol);
    }
}
