using System.Text.Json;
using ResNetTab.Models.Training;
using ResNetTab.SelfSupervised.Sequences;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Tests.Sequences;

/// <summary>Forward pass, per-step errors, loss and gradients of LSTM and GRU detectors against PyTorch 1.13 (Oracle/generate_sequence.py).</summary>
public sealed class SequenceOracleTests
{
    private const float Tolerance = 2e-5f;
    private static readonly JsonElement Oracle = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Oracle", "sequence.json"))).RootElement;

    private static float[] Floats(JsonElement e) => [.. e.EnumerateArray().Select(v => (float)v.GetDouble())];

    private static void ShouldMatch(Tensor actual, JsonElement expected, string name)
    {
        var values = TensorData.ToArray<float>(actual.detach().contiguous());
        var reference = Floats(expected);
        values.Should().HaveCount(reference.Length, name);
        for (var i = 0; i < values.Length; i++)
            values[i].Should().BeApproximately(reference[i], Tolerance * Math.Max(1, Math.Abs(reference[i])), $"{name}[{i}]");
    }

    private static SequenceAnomalyDetector Load(JsonElement c, RecurrentCell cell)
    {
        var model = new SequenceAnomalyDetector(new SequenceAnomalyDetectorOptions
        {
            EventFeatures = Oracle.GetProperty("event_features").GetInt32(),
            HiddenSize = Oracle.GetProperty("hidden").GetInt32(),
            Layers = Oracle.GetProperty("layers").GetInt32(),
            HeadHidden = Oracle.GetProperty("head_hidden").GetInt32(),
            Cell = cell,
        });
        using var scope = NewDisposeScope();
        var state = c.GetProperty("state").EnumerateObject()
            .Select(p => new KeyValuePair<string, Tensor>(p.Name, tensor(Floats(p.Value.GetProperty("values")),
                [.. p.Value.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64())])))
            .ToList();
        model.LoadStateDict(state, strict: true); // every PyTorch name present, none extra
        model.eval();
        return model;
    }

    [Theory]
    [InlineData("lstm", RecurrentCell.Lstm)]
    [InlineData("gru", RecurrentCell.Gru)]
    public void Forward_errors_loss_and_gradients_match_pytorch(string name, RecurrentCell cell)
    {
        var c = Oracle.GetProperty(name);
        using var model = Load(c, cell);
        using var scope = NewDisposeScope();
        long b = Oracle.GetProperty("batch").GetInt32(), l = Oracle.GetProperty("length").GetInt32(), w = model.StepWidth;
        var x = tensor(Floats(c.GetProperty("windows")), [b, l, w]).requires_grad_();
        var corrupted = tensor(Floats(c.GetProperty("corrupted")), [b, l, w]);

        ShouldMatch(model.call(x), c.GetProperty("probability"), "probability");
        var (hidden, _) = model.Encode(x);
        var predictions = model.PredictNext(hidden);
        ShouldMatch(predictions, c.GetProperty("predictions"), "predictions");
        var (errors, mask) = NextStepErrors.Compute(x, predictions, Oracle.GetProperty("gap_weight").GetDouble());
        ShouldMatch(errors, c.GetProperty("errors"), "errors");
        ShouldMatch(mask, c.GetProperty("mask"), "mask");

        var objective = new SequenceObjective(model, new SequenceObjectiveOptions { GapWeight = Oracle.GetProperty("gap_weight").GetDouble() });
        using var metrics = new MetricSums();
        var loss = objective.Loss(x, corrupted, metrics);
        loss.item<float>().Should().BeApproximately((float)c.GetProperty("loss").GetDouble(), Tolerance);
        var means = metrics.Means(b);
        means["next_step"].Should().BeApproximately(c.GetProperty("next_step").GetDouble(), Tolerance);
        means["normality"].Should().BeApproximately(c.GetProperty("normality").GetDouble(), Tolerance);
        loss.backward();
        ShouldMatch(x.grad!, c.GetProperty("grad_windows"), "grad_windows");
        var grads = c.GetProperty("grads");
        var parameters = model.named_parameters().ToList();
        parameters.Select(p => p.name).Should().BeEquivalentTo(grads.EnumerateObject().Select(p => p.Name));
        foreach (var (pname, p) in parameters) ShouldMatch(p.grad!, grads.GetProperty(pname), pname);
    }

    [Fact]
    public void State_dict_has_pytorch_names_in_pytorch_order()
    {
        using var model = new SequenceAnomalyDetector(new SequenceAnomalyDetectorOptions { EventFeatures = 4, HiddenSize = 8, HeadHidden = 5 });
        model.OrderedStateDict().Select(p => p.Key).Should().Equal(Oracle.GetProperty("lstm").GetProperty("state").EnumerateObject().Select(p => p.Name));
    }
}
