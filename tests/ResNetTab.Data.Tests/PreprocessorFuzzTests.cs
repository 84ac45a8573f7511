using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Data;

namespace ResNetTab.Data.Tests;

/// <summary>
/// A saved preprocessor is untrusted input: truncated, bit-flipped and structurally edited files whose checksum was
/// recomputed (so only validation stands between them and the library) end in <see cref="InvalidDataException"/>
/// naming the file, and never in another exception type, a huge allocation or a hang.
/// </summary>
public class PreprocessorFuzzTests
{
    private static (string Path, byte[] Bytes, JsonNode Node, List<FlatRecord> Rows) Saved(TestPaths.TempDir dir)
    {
        var rows = Synthetic.Records(300);
        rows[0].Set("observables[].type_id", FieldValue.FromBag(["2", "4"]));
        for (var i = 1; i < rows.Count; i++) rows[i].Set("observables[].type_id", FieldValue.FromBag([(i % 20).ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        var path = dir.File("p.json");
        new TabularPreprocessor(new FeaturePlanOptions { QuantileCount = 20, BagMaxVocabulary = 4 }).Fit(rows).Save(path);
        var bytes = File.ReadAllBytes(path);
        return (path, bytes, JsonNode.Parse(bytes)!, rows);
    }

    // Loads a file; anything but InvalidDataException naming the file fails the test. True when it loaded.
    private static bool LoadsOrIsRefused(string path, List<FlatRecord> rows)
    {
        try
        {
            var p = TabularPreprocessor.Load(path);
            p.Transform(rows.Take(20).ToList()).Numerical.ToArray().Should().OnlyContain(x => float.IsFinite(x), "a loaded file transforms to finite features");
            return true;
        }
        catch (InvalidDataException ex)
        {
            ex.Message.Should().Contain(path);
            return false;
        }
    }

    [Fact]
    public void Truncated_files_are_refused()
    {
        using var dir = new TestPaths.TempDir();
        var (_, bytes, _, rows) = Saved(dir);
        var file = dir.File("cut.json");
        var step = Math.Max(1, bytes.Length / 97);
        for (var n = 0; n < bytes.Length; n += step)
        {
            File.WriteAllBytes(file, bytes[..n]);
            LoadsOrIsRefused(file, rows).Should().BeFalse($"a file cut at byte {n} of {bytes.Length} is refused");
        }
    }

    [Fact]
    public void Flipped_bytes_are_refused_or_change_nothing()
    {
        using var dir = new TestPaths.TempDir();
        var (path, bytes, _, rows) = Saved(dir);
        var sample = rows.Take(50).ToList();
        var expected = TabularPreprocessor.Load(path).Transform(sample);
        var file = dir.File("flip.json");
        var rng = new Random(17);
        var refused = 0;
        for (var i = 0; i < 300; i++)
        {
            var copy = (byte[])bytes.Clone();
            var at = rng.Next(copy.Length);
            copy[at] ^= (byte)(1 << rng.Next(8));
            File.WriteAllBytes(file, copy);
            if (!LoadsOrIsRefused(file, rows)) { refused++; continue; }
            // What still loads is the same document: a flip in the case of a hex digit of the checksum, of an
            // exponent's 'e', or of a member name whose value is the default (an unknown member is ignored).
            var batch = TabularPreprocessor.Load(file).Transform(sample);
            batch.Numerical.ToArray().Should().Equal(expected.Numerical.ToArray(), $"the flip at byte {at} loaded, so it must change nothing");
            batch.Categorical.ToArray().Should().Equal(expected.Categorical.ToArray());
        }
        refused.Should().BeGreaterThan(250);
    }

    public static TheoryData<string, string, string> Edits => new()
    {
        // path, JSON value, text the refusal names
        { "encoders[categorical].hashBuckets", "2000000000", "hashBuckets" },
        { "encoders[ip].hashBuckets", "2000000000", "hashBuckets" },
        { "encoders[array_bag].hashBuckets", "2000000000", "hashBuckets" },
        { "encoders[array_bag].hashBuckets", "40", "numerical columns" },
        { "encoders[categorical].hashBuckets", "-5", "hashBuckets" },
        { "encoders[ip].hashBuckets", "0", "hashBuckets" },
        { "encoders[categorical].vocabulary", "\"abc\"", "vocabulary" },
        { "encoders[categorical].vocabulary", "[\"x\",\"x\"]", "vocabulary" },
        { "encoders[numeric].quantiles", "[3,2,1]", "quantile" },
        { "encoders[numeric].quantiles", "[\"a\"]", "quantiles" },
        { "encoders[numeric].scaling", "12", "scaling" },
        { "encoders[numeric].clip", "\"NaN\"", "clip" },
        { "encoders[numeric].encoder", "\"evil\"", "encoder" },
        { "encoders[0]", "5", "encoders" },
        { "encoders", "{}", "encoders" },
        { "cardinalities[0]", "-1", "cardinalities" },
        { "cardinalities[0]", "2000000000", "cardinalities" },
        { "numericalNames", "[]", "numericalNames" },
        { "categoricalNames[0]", "\"other\"", "categoricalNames" },
        { "fitRows", "-1", "fitRows" },
        { "fitRows", "\"many\"", "fitRows" },
        { "plan[0].cardinality", "-3", "cardinality" },
        { "plan[0].missingRate", "7", "missing rate" },
        { "plan[0].kind", "\"nonsense\"", "kind" },
        { "plan[0].kind", "42", "kind" },
        { "plan[0]", "null", "plan" },
        { "options.flatten.maxDepth", "-1", "maxDepth" },
        { "options.flatten.maxDepth", "1000000", "maxDepth" },
        { "options.flatten.arrayFirstK", "2000000000", "arrayFirstK" },
        { "options.scaling", "99", "scaling" },
        { "options.kindOverrides", "{\"x\": \"bogus\"}", "kindOverrides" },
        { "knownFields", "[null]", "knownFields" },
        { "knownFields", "7", "knownFields" },
        { "fingerprint", "null", "fingerprint" },
        { "format", "5", "format" },
        { "formatVersion", "\"2\"", "format version" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Consistent_edits_out_of_bounds_are_refused_naming_the_member(string path, string json, string named)
    {
        using var dir = new TestPaths.TempDir();
        var (_, _, node, rows) = Saved(dir);
        Set(node, path, JsonNode.Parse(json));
        Reseal(node);
        var file = dir.File("edited.json");
        File.WriteAllText(file, node.ToJsonString());

        var load = () => TabularPreprocessor.Load(file);

        load.Should().Throw<InvalidDataException>().Which.Message.Should().Contain(file).And.Contain(named);
        LoadsOrIsRefused(file, rows).Should().BeFalse();
    }

    [Fact]
    public void An_unedited_resealed_file_still_loads()
    {
        using var dir = new TestPaths.TempDir();
        var (_, _, node, rows) = Saved(dir);
        Reseal(node);
        var file = dir.File("same.json");
        File.WriteAllText(file, node.ToJsonString());
        LoadsOrIsRefused(file, rows).Should().BeTrue("resealing must not by itself make a file invalid, or the edit tests prove nothing");
    }

    // Sets a member addressed as a.b[i].c, where [kind] picks the first encoder of that kind.
    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        JsonNode current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? part : part[..bracket];
            var last = i == parts.Length - 1;
            if (bracket < 0)
            {
                if (last) { current[name] = value; return; }
                current = current[name]!;
                continue;
            }
            var array = current[name]!.AsArray();
            var selector = part[(bracket + 1)..^1];
            var index = int.TryParse(selector, out var k) ? k
                : array.Select((e, j) => (e, j)).First(t => t.e!["encoder"]!.GetValue<string>() == selector).j;
            if (last) { array[index] = value; return; }
            current = array[index]!;
        }
    }

    // Recomputes the checksum the way the library does, when the edited document still deserializes: the file is then
    // internally consistent and only validation can refuse it.
    private static void Reseal(JsonNode node)
    {
        node.AsObject().Remove("checksum");
        PreprocessorDocument? doc;
        try
        {
            doc = node.Deserialize<PreprocessorDocument>(PreprocessorDocument.JsonOptions);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            node["checksum"] = new string('0', 64);
            return;
        }
        node["checksum"] = doc == null ? new string('0', 64) : PreprocessorFile.Checksum(doc);
    }
}
