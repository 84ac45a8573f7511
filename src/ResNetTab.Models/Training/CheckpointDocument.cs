using System.Text.Json;
using System.Text.Json.Serialization;

namespace ResNetTab.Models.Training;

/// <summary>The JSON documents stored in a training checkpoint's safetensors metadata.</summary>
internal static class CheckpointDocument
{
    public static JsonSerializerOptions Json { get; } = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>The schedule-defining settings (paths and reporting are left out: they may differ on resume).</summary>
    internal sealed record Schedule(int Epochs, double LearningRate, double MinLearningRate, double Momentum, double WeightDecay,
        bool Nesterov, double LabelSmoothing)
    {
        public static Schedule From(ClassificationTrainerOptions o) =>
            new(o.Epochs, o.LearningRate, o.MinLearningRate, o.Momentum, o.WeightDecay, o.Nesterov, o.LabelSmoothing);
    }

    /// <summary>An optimizer snapshot without its tensors (they are stored as <c>optimizer.state.{index}.{name}</c>).</summary>
    internal sealed record Optimizer(List<Group> Groups, Dictionary<int, Dictionary<string, double>> Scalars, Dictionary<int, List<string>> Tensors);

    internal sealed record Group(Dictionary<string, double> Options, List<int> Params);
}
