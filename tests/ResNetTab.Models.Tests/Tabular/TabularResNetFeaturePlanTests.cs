using ResNetTab.Pipeline;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Data;
using ResNetTab.Models.Tabular;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Tabular;

/// <summary>A network built from the OCSF feature pipeline's layout consumes its batches.</summary>
public sealed class TabularResNetFeaturePlanTests
{
    private static readonly string[] Users = ["alice", "bob", "carol", "dave"];

    private static List<JsonElement> Events(int count, int seed = 0)
    {
        var events = new List<JsonElement>(count);
        for (var i = 0; i < count; i++)
        {
            var k = i + seed;
            var json = new JsonObject
            {
                ["class_uid"] = k % 3 == 0 ? 3002 : 4001,
                ["severity_id"] = k % 4 + 1,
                ["time"] = 1_700_000_000_000L + 61_000L * k,
                ["actor"] = new JsonObject { ["user"] = new JsonObject { ["name"] = Users[k % Users.Length] } },
                ["traffic"] = new JsonObject { ["bytes"] = (k * 7919) % 5000 + 10 },
                ["is_mfa"] = k % 2 == 0,
            }.ToJsonString();
            events.Add(JsonDocument.Parse(json).RootElement.Clone());
        }
        return events;
    }

    private static TabularPreprocessor Fitted()
    {
        var pre = new TabularPreprocessor();
        return pre.Fit(Events(120).Select(e => pre.Flattener.Flatten(e)).ToList());
    }

    private static readonly TabularResNetOptions Small = new() { Width = 32, Blocks = 1, NumClasses = 2 };

    [Fact]
    public void Model_from_a_fitted_preprocessor_has_its_columns_and_runs_its_batches()
    {
        using var scope = NewDisposeScope();
        var pre = Fitted();
        pre.CategoricalNames.Should().NotBeEmpty();
        pre.NumericalNames.Should().NotBeEmpty();
        using var model = TabularResNet.FromFeaturePlan(pre, Small);
        model.NumericalColumns.Should().Be(pre.NumericalNames.Count);
        model.Cardinalities.Should().Equal(pre.Cardinalities);
        model.Options.CategoricalNames.Should().Equal(pre.CategoricalNames);
        model.embeddings.Select(e => (int)e.weight!.shape[0]).Should().Equal(pre.Cardinalities);
        model.NumClasses.Should().Be(2);
        pre.Invoking(p => p.EnsureCompatible(model.NumericalColumns, model.Cardinalities)).Should().NotThrow();

        var batch = pre.TransformJson(Events(10, seed: 500));
        model.eval();
        using var _ = no_grad();
        model.forward(batch).shape.Should().Equal(10, 2);
        model.forward(batch, return_embedding: true).shape.Should().Equal(10, 32);
        var (numerical, categorical) = batch.ToTensors();
        numerical.dtype.Should().Be(ScalarType.Float32);
        categorical.dtype.Should().Be(ScalarType.Int64);
        model.forward_embedding(numerical, categorical).allclose(model.forward(batch, return_embedding: true)).Should().BeTrue();

        using var fromBatch = TabularResNet.FromFeaturePlan(batch, Small);
        fromBatch.OrderedStateDict().Keys.Should().Equal(model.OrderedStateDict().Keys);
        fromBatch.ParameterCount().Should().Be(model.ParameterCount());
        using var built = TabularResNetBuilder.From(Small).WithFeatureLayout(pre).Build();
        built.ParameterCount().Should().Be(model.ParameterCount());
    }

    [Fact]
    public void Unfitted_preprocessor_is_refused()
    {
        var act = () => TabularResNet.FromFeaturePlan(new TabularPreprocessor());
        act.Should().Throw<InvalidOperationException>().WithMessage("The preprocessor is not fitted*");
    }

    private static TabularData Batch(long badIndex = 2) => new(
        numerical: new[] { 0.1f, -1f, 0.5f, 2f, 0f, 1f },
        categorical: new long[] { 3, 1, 4, 2, badIndex, 0 },
        rows: 3,
        new TabularSchema(["traffic.bytes", "time.hour_sin"], ["class_uid", "src_endpoint.ip.net"], [5, 7]));

    [Fact]
    public void Batch_layout_gives_names_to_errors_and_tensors_the_right_shapes()
    {
        using var scope = NewDisposeScope();
        using var model = TabularResNet.FromFeaturePlan(Batch(), new TabularResNetOptions { Width = 16, Blocks = 1 });
        model.Options.NumericalNames.Should().Equal("traffic.bytes", "time.hour_sin");
        var (numerical, categorical) = Batch().ToTensors();
        numerical.shape.Should().Equal(3, 2);
        categorical.shape.Should().Equal(3, 2);
        TensorData.ToArray<long>(categorical).Should().Equal(3, 1, 4, 2, 2, 0);
        model.forward(Batch()).shape.Should().Equal(3, 16);

        var act = () => model.forward(Batch(badIndex: 5));
        act.Should().Throw<ArgumentException>().WithMessage("categorical column 0 ('class_uid') has index 5 at row 2, outside [0, 5)*");
    }

    [Fact]
    public void Batch_with_another_layout_is_refused()
    {
        using var scope = NewDisposeScope();
        using var model = TabularResNetBuilder.Create().WithNumericalColumns(2).WithCategorical(5, 8).WithWidth(16).WithBlocks(1).Build();
        var act = () => model.forward(Batch());
        act.Should().Throw<ArgumentException>().WithMessage("Categorical column 1 ('src_endpoint.ip.net') has cardinality 7 in the batch but 8 in the model.*");
    }
}
