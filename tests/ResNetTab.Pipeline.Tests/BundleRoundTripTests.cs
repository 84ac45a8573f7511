using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Synthetic;

namespace ResNetTab.Pipeline.Tests;

[Collection(PipelineCollection.Name)]
public sealed class BundleRoundTripTests(PipelineFixture fixture)
{
    [Fact]
    public void Fitted_bundle_records_its_input_training_and_threshold()
    {
        var m = fixture.Bundle.Manifest;
        m.Input.Events.Should().Be(3000);
        m.Input.Files.Should().ContainSingle().Which.Name.Should().Be("events.jsonl");
        m.Input.Files[0].Bytes.Should().Be(new FileInfo(fixture.Events).Length);
        m.Training.History.Should().HaveCount(3);
        m.Training.Epochs.Should().Be(3);
        m.Training.History.Last().TrainLoss.Should().BeLessThan(m.Training.History[0].TrainLoss);
        m.Threshold.Contamination.Should().Be(0.02);
        m.FeatureLayout.Should().Be(fixture.Bundle.Preprocessor.Fingerprint);
        m.Parts.Select(p => p.Name).Should().BeEquivalentTo("preprocessor", "model", "detector", "embedding_map");
        // 2 % of the training events lie above the threshold chosen at contamination 0.02.
        var scores = fixture.Bundle.Score([fixture.Events]).ToList();
        scores.Count(s => s.IsAnomaly).Should().BeInRange(55, 61);
    }

    [Fact]
    public void Loaded_bundle_scores_bit_for_bit_like_the_fitted_one()
    {
        var expected = fixture.Bundle.Score([fixture.Events]).ToList();
        using var loaded = AnomalyBundle.Load(fixture.BundlePath);
        var actual = loaded.Score([fixture.Events]).ToList();
        actual.Should().HaveCount(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            BitConverter.DoubleToInt64Bits(actual[i].Score).Should().Be(BitConverter.DoubleToInt64Bits(expected[i].Score), $"event {i}");
            actual[i].TopFields.Should().Equal(expected[i].TopFields);
            actual[i].MapX.Should().Be(expected[i].MapX);
        }
        loaded.Manifest.Should().BeEquivalentTo(fixture.Bundle.Manifest);
    }

    [Fact]
    public void Zip_bundle_loads_and_scores_like_the_folder()
    {
        var zip = Path.Combine(fixture.Root, "model.zip");
        fixture.Bundle.Save(zip);
        using var loaded = AnomalyBundle.Load(zip);
        var first = loaded.Score([fixture.Events], new ScoringOptions { BatchSize = 700 }).Select(e => e.Score).ToArray();
        first.Should().Equal(fixture.Bundle.Score([fixture.Events]).Select(e => e.Score));
    }

    [Fact]
    public void Events_carry_their_location()
    {
        var scored = fixture.Bundle.Score([fixture.Events]).Take(3).ToList();
        scored.Select(s => s.Line).Should().Equal(1, 2, 3);
        scored.Select(s => s.Record).Should().Equal(0, 1, 2);
        scored[1].Location.Should().EndWith("events.jsonl:2");
    }

    [Fact]
    public void Tampered_part_is_refused_naming_it()
    {
        var copy = fixture.CopyBundle();
        var model = Path.Combine(copy, "scorers", "default_detector.json.reconstruction.model.safetensors");
        var bytes = File.ReadAllBytes(model);
        bytes[^5] ^= 0x40;
        File.WriteAllBytes(model, bytes);
        var load = () => AnomalyBundle.Load(copy);
        load.Should().Throw<InvalidDataException>().WithMessage("*part 'model' (scorers/default_detector.json.reconstruction.model.safetensors) does not match its checksum*");
    }

    [Fact]
    public void Truncated_part_is_refused_naming_it()
    {
        var copy = fixture.CopyBundle();
        var scorer = Path.Combine(copy, "scorers", "default_detector.json");
        var bytes = File.ReadAllBytes(scorer);
        File.WriteAllBytes(scorer, bytes[..(bytes.Length / 2)]);
        var load = () => AnomalyBundle.Load(copy);
        load.Should().Throw<InvalidDataException>().WithMessage("*part 'detector' (scorers/default_detector.json) has * bytes but the manifest records*");
    }

    [Fact]
    public void Missing_part_and_missing_manifest_are_refused()
    {
        var copy = fixture.CopyBundle();
        File.Delete(Path.Combine(copy, "transforms", "embedding_map.json"));
        var load = () => AnomalyBundle.Load(copy);
        load.Should().Throw<InvalidDataException>().WithMessage("*part 'embedding_map' (transforms/embedding_map.json) is missing*");
        File.Delete(Path.Combine(copy, "manifest.json"));
        load.Should().Throw<InvalidDataException>().WithMessage("*is not a model bundle: it has no manifest.json*");
        var nothing = () => AnomalyBundle.Load(Path.Combine(fixture.Root, "no-such-bundle"));
        nothing.Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void Truncated_zip_is_refused()
    {
        var zip = Path.Combine(fixture.Root, "truncated.zip");
        fixture.Bundle.Save(zip);
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllBytes(zip, bytes[..(bytes.Length * 2 / 3)]);
        var load = () => AnomalyBundle.Load(zip);
        load.Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void Parts_of_another_bundle_are_refused_even_with_matching_checksums()
    {
        // A second bundle on the same events with another seed: same feature layout, other weights.
        using var other = fixture.Fit(seed: 2);
        var otherPath = Path.Combine(fixture.Root, "other.bundle");
        other.Save(otherPath);
        other.Preprocessor.Fingerprint.Should().Be(fixture.Bundle.Preprocessor.Fingerprint);

        var copy = fixture.CopyBundle();
        File.Copy(Path.Combine(otherPath, "scorers", "default_detector.json.reconstruction.model.safetensors"), Path.Combine(copy, "scorers", "default_detector.json.reconstruction.model.safetensors"), overwrite: true);
        RewriteChecksums(copy);
        var load = () => AnomalyBundle.Load(copy);
        load.Should().Throw<InvalidDataException>().WithMessage("*part 'detector' (scorers/default_detector.json) does not match the model's weights*");

        var generated = Path.Combine(fixture.Root, "fewer-kinds.jsonl");
        new SyntheticOcsfGenerator(new SyntheticOptions { Seed = 5, EventCount = 400, AnomalyRate = 0 }).WriteJsonLines(generated);
        using var narrow = AnomalyPipeline.Create().ReadFrom(generated).WithPretraining(PipelineFixture.SmallRecipe).WithEpochs(1).Fit();
        var narrowPath = Path.Combine(fixture.Root, "narrow.bundle");
        narrow.Save(narrowPath);
        var copy2 = fixture.CopyBundle();
        File.Copy(Path.Combine(narrowPath, "preprocessor.json"), Path.Combine(copy2, "preprocessor.json"), overwrite: true);
        RewriteChecksums(copy2);
        var load2 = () => AnomalyBundle.Load(copy2);
        load2.Should().Throw<InvalidDataException>().WithMessage("*part 'preprocessor' (preprocessor.json) does not belong to this bundle*");
    }

    [Fact]
    public void Unsupported_format_version_is_refused()
    {
        var copy = fixture.CopyBundle();
        var manifest = Path.Combine(copy, "manifest.json");
        var node = JsonNode.Parse(File.ReadAllText(manifest))!;
        node["formatVersion"] = 99;
        File.WriteAllText(manifest, node.ToJsonString());
        var load = () => AnomalyBundle.Load(copy);
        load.Should().Throw<InvalidDataException>().WithMessage("*format version 99*reads version 1*");
    }

    private static void RewriteChecksums(string bundle)
    {
        var path = Path.Combine(bundle, "manifest.json");
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var part in node["parts"]!.AsArray())
        {
            var file = Path.Combine(bundle, part!["path"]!.GetValue<string>());
            part["bytes"] = new FileInfo(file).Length;
            part["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
        }
        File.WriteAllText(path, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
