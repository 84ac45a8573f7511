using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ResNetTab.Anomaly;

namespace ResNetTab.SelfSupervised.Tests.Detection;

public sealed class ReconstructionScorerFileTests
{
    private static readonly PretrainingOptions Small = StructuredData.Recipe(epochs: 1) with { Width = 16, Blocks = 1, ProjectionDim = 8 };
    private static readonly TabularData Train = StructuredData.Create(200, seed: 41);
    private static readonly TabularData Rows = StructuredData.Create(30, seed: 42, anomalous: true);

    private static (string Path, ReconstructionScorer Scorer, SelfSupervisedModel Model) Saved(TempFolder dir, string name = "scorer.json")
    {
        var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, Small);
        var scorer = new ReconstructionScorer(model, new ReconstructionScorerOptions { MaskCounts = [3, 2] });
        scorer.Fit(Train);
        var path = dir.File(name);
        ScorerPersistence.Save(scorer, path);
        return (path, scorer, model);
    }

    [Fact]
    public void The_model_is_a_checksummed_safetensors_file_beside_a_small_json_file()
    {
        using var dir = new TempFolder();
        var (path, scorer, model) = Saved(dir);
        using var _ = model;
        using var __ = scorer;
        var side = path + ".model.safetensors";
        File.Exists(side).Should().BeTrue();
        new FileInfo(path).Length.Should().BeLessThan(new FileInfo(side).Length / 2, "no tensor is written as base64 into the JSON");
        JsonNode.Parse(File.ReadAllText(path))!["model"]!["network"]!["file"]!.GetValue<string>().Should().Be("scorer.json.model.safetensors");
        using (var fromSide = SelfSupervisedModel.Load(side)) fromSide.Cardinalities.Should().Equal(StructuredData.Cardinalities);
        using var loaded = ScorerPersistence.Load<ReconstructionScorer>(path);
        loaded.Score(Rows).Should().Equal(scorer.Score(Rows));
        loaded.Schema.CategoricalColumns.Should().Be(2);

        // Another valid model in the side file's place is refused, naming the field.
        using (var other = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, Small with { Seed = 9 })) other.Save(side);
        var act = () => ScorerPersistence.Load(path);
        act.Should().Throw<InvalidDataException>().WithMessage("*scorer.json*'network'*checksum*");
        File.Delete(side);
        act.Should().Throw<InvalidDataException>().WithMessage("*'network'*does not exist*");
    }

    [Theory]
    [InlineData("maskRepeats", "1000000")]
    [InlineData("maskCounts", "[1000000]")]
    [InlineData("batchSize", "-1")]
    [InlineData("columnScales", "[0,0,0,0,0,0,0,0,0,0,0,0]")]
    [InlineData("columnScales", "[1,1,1]")]
    [InlineData("columnScales", "[1e400,1,1,1,1,1,1,1,1,1,1,1]")]
    [InlineData("cardinalities", "[5,7]")]
    [InlineData("network", "{\"file\":\"../x\",\"sha256\":\"00\"}")]
    public void An_edited_but_consistent_scorer_file_is_refused_naming_the_field(string field, string json)
    {
        using var dir = new TempFolder();
        var (path, scorer, model) = Saved(dir);
        scorer.Dispose();
        model.Dispose();
        Edit(path, document => document["model"]![field] = JsonNode.Parse(json));
        var act = () => ScorerPersistence.Load(path);
        act.Should().Throw<InvalidDataException>().WithMessage($"*scorer.json*'{field}*");
    }

    [Theory]
    [InlineData("format", "5")]
    [InlineData("version", "\"2\"")]
    [InlineData("featureCount", "0")]
    [InlineData("offset", "1e400")]
    public void Edited_shared_fields_are_refused(string field, string json)
    {
        using var dir = new TempFolder();
        var (path, scorer, model) = Saved(dir);
        scorer.Dispose();
        model.Dispose();
        Edit(path, document => document[field] = JsonNode.Parse(json));
        var act = () => ScorerPersistence.Load(path);
        act.Should().Throw<InvalidDataException>().WithMessage("*scorer.json*");
    }

    [Fact]
    public void Damaged_scorer_files_fail_only_with_InvalidDataException()
    {
        using var dir = new TempFolder();
        var (path, scorer, model) = Saved(dir);
        scorer.Dispose();
        model.Dispose();
        var bytes = File.ReadAllBytes(path);
        var random = new Random(11);
        var cases = new List<byte[]>();
        foreach (var length in new[] { 0, 1, 10, bytes.Length / 3, bytes.Length / 2, bytes.Length - 1 }) cases.Add(bytes[..length]);
        for (var i = 0; i < 80; i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
            cases.Add(copy);
        }
        var refused = 0;
        foreach (var content in cases)
        {
            File.WriteAllBytes(path, content);
            try
            {
                (ScorerPersistence.Load(path) as IDisposable)?.Dispose();
            }
            catch (InvalidDataException)
            {
                refused++;
            }
        }
        // A replaced byte that leaves the JSON's meaning unchanged (the same byte, or an equivalent number) loads the same scorer.
        refused.Should().BeGreaterThan(cases.Count * 9 / 10, "the checksum covers the JSON's content");
    }

    [Fact]
    public void A_finite_extreme_cell_gives_a_finite_score()
    {
        using var dir = new TempFolder();
        var (_, scorer, model) = Saved(dir);
        using var _ = model;
        using var __ = scorer;
        var numerical = Rows.Numerical.ToArray();
        numerical[0] = 3e38f;
        numerical[5] = -3e38f;
        var extreme = new TabularData(numerical, Rows.Categorical.ToArray(), Rows.Rows, StructuredData.Numerical, 2);
        var scores = scorer.Score(extreme);
        scores.Should().OnlyContain(s => double.IsFinite(s));
        scores[0].Should().BeGreaterThan(scorer.Score(Rows)[0]);
        scorer.Contributions(extreme).Should().OnlyContain(c => double.IsFinite(c));
    }

    /// <summary>Edits a saved scorer and writes it back with a matching checksum, as a deliberate attacker would.</summary>
    private static void Edit(string path, Action<JsonObject> edit)
    {
        var document = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(document);
        document.Remove("checksum");
        document["checksum"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())));
        File.WriteAllText(path, document.ToJsonString());
    }
}
