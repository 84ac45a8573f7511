using System.Text.Json.Nodes;
using ResNetTab.Engine.Serialization;
using ResNetTab.Models.Tabular;
using ResNetTab.SelfSupervised;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Tests.Model;

public sealed class ModelFileTests
{
    private static readonly PretrainingOptions Small = StructuredData.Recipe(epochs: 1) with { Width = 16, Blocks = 1, ProjectionDim = 8 };

    [Fact]
    public void A_pretrainer_without_a_recipe_trains_with_the_recipe_the_model_was_created_with()
    {
        var recipe = Small with { Epochs = 2, EarlyStoppingPatience = null };
        using var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, recipe);
        model.Recipe.Should().Be(recipe);
        using var pretrainer = new Pretrainer(model);
        pretrainer.Options.Should().Be(recipe);
        pretrainer.Fit(StructuredData.Create(200, seed: 4)).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("Width")]
    [InlineData("Blocks")]
    [InlineData("Dropout")]
    [InlineData("ProjectionDim")]
    public void A_recipe_with_another_architecture_is_refused_naming_the_setting(string setting)
    {
        using var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, Small);
        var other = setting switch
        {
            "Width" => Small with { Width = 32 },
            "Blocks" => Small with { Blocks = 2 },
            "Dropout" => Small with { Dropout = 0.3 },
            _ => Small with { ProjectionDim = 4 },
        };
        var act = () => new Pretrainer(model, other);
        act.Should().Throw<ArgumentException>().WithMessage($"*recipe's {setting}*");
        // Training settings may differ, and the one used becomes the model's recipe.
        using var pretrainer = new Pretrainer(model, Small with { Epochs = 1, LearningRate = 0.01 });
        pretrainer.Fit(StructuredData.Create(100, seed: 5));
        model.Recipe.LearningRate.Should().Be(0.01);
    }

    [Fact]
    public void A_saved_model_reloads_with_identical_embeddings_and_its_recipe()
    {
        using var dir = new TempFolder();
        var path = dir.File("model.safetensors");
        var data = StructuredData.Create(64, seed: 6);
        using var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, Small with { CheckpointPath = dir.File("ck") });
        model.eval();
        model.Save(path);

        using var loaded = SelfSupervisedModel.Load(path);
        loaded.Recipe.Should().Be(Small, "the checkpoint path of a training run is not saved");
        loaded.Options.Encoder.Width.Should().Be(16);
        loaded.Cardinalities.Should().Equal(StructuredData.Cardinalities);
        var (numerical, categorical) = data.ToTensors();
        using var n = numerical;
        using var c = categorical;
        using var a = model.forward(n, c);
        using var b = loaded.forward(n, c);
        a.Identical(b).Should().BeTrue();
        // PyTorch's names: the file is a plain state dict.
        using var reader = Safetensors.Open(path);
        reader.Names.Should().Contain(["encoder.final_norm.weight", "heads.numerical.weight", "projection.fc1.weight"]);
    }

    [Theory]
    [InlineData("width", 100000)]
    [InlineData("blocks", 100000)]
    [InlineData("blocks", 3)]
    [InlineData("cardinalities", 2000000000)]
    [InlineData("numericalColumns", 50000)]
    [InlineData("projectionDim", 9)]
    [InlineData("version", 5)]
    public void An_edited_but_consistent_configuration_is_refused_before_allocating(string field, long value)
    {
        using var dir = new TempFolder();
        var path = dir.File("model.safetensors");
        using (var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, Small)) model.Save(path);
        Rewrite(path, config =>
        {
            config[field] = field == "cardinalities" ? new JsonArray(value, 6) : JsonValue.Create(value);
            config.Remove("numericalNames");
            config.Remove("categoricalNames");
        });

        var act = () => SelfSupervisedModel.Load(path);
        act.Should().Throw<InvalidDataException>().WithMessage($"*{path}*'{field}*");
    }

    [Fact]
    public void Damaged_files_fail_only_with_InvalidDataException()
    {
        using var dir = new TempFolder();
        var path = dir.File("model.safetensors");
        using (var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, Small)) model.Save(path);
        var bytes = File.ReadAllBytes(path);
        var damaged = dir.File("damaged.safetensors");
        var random = new Random(7);
        var cases = new List<byte[]>();
        foreach (var length in new[] { 0, 1, 7, 8, 9, 100, bytes.Length / 2, bytes.Length - 1 }) cases.Add(bytes[..length]);
        for (var i = 0; i < 60; i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
            cases.Add(copy);
        }
        var refused = 0;
        foreach (var content in cases)
        {
            File.WriteAllBytes(damaged, content);
            try
            {
                SelfSupervisedModel.Load(damaged).Dispose();
            }
            catch (InvalidDataException)
            {
                refused++;
            }
        }
        refused.Should().Be(cases.Count, "the checksum covers every byte, tensor data included");
    }

    [Fact]
    public void A_safetensors_file_without_a_configuration_is_refused()
    {
        using var dir = new TempFolder();
        var path = dir.File("plain.safetensors");
        using (var t = zeros(3)) Safetensors.Save(path, [new("x", t)]);
        var act = () => SelfSupervisedModel.Load(path);
        act.Should().Throw<InvalidDataException>().WithMessage("*plain.safetensors*resnettab.model*");
        using (var t = zeros(3)) Safetensors.Save(path, [new("x", t)], new Dictionary<string, string> { ["resnettab.model"] = "{}" });
        File.WriteAllBytes(path, File.ReadAllBytes(path)); // still checksummed: the configuration is what fails
        act.Should().Throw<InvalidDataException>().WithMessage("*plain.safetensors*");
    }

    /// <summary>Edits the configuration and writes a consistent file again (new checksum), as a deliberate attacker would.</summary>
    internal static void Rewrite(string path, Action<JsonObject> edit)
    {
        Dictionary<string, string> metadata;
        List<KeyValuePair<string, Tensor>> tensors;
        using (var file = Safetensors.Load(path))
        {
            metadata = file.Metadata.Where(kv => !kv.Key.StartsWith("resnettab.sha", StringComparison.Ordinal)).ToDictionary();
            tensors = [.. file.Select(kv => new KeyValuePair<string, Tensor>(kv.Key, kv.Value.clone()))];
        }
        var config = JsonNode.Parse(metadata["resnettab.model"])!.AsObject();
        edit(config);
        metadata["resnettab.model"] = config.ToJsonString();
        metadata["resnettab.model.sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(metadata["resnettab.model"])));
        Safetensors.Save(path, tensors, metadata);
        foreach (var (_, t) in tensors) t.Dispose();
    }
}
