using ResNetTab.Models.Training;

namespace ResNetTab.Pipeline;

/// <summary>The steps of fitting and scoring.</summary>
public enum PipelineStage
{
    /// <summary>Reading and flattening events.</summary>
    Reading,
    /// <summary>Inferring the feature plan and encoding the events.</summary>
    Planning,
    /// <summary>Self-supervised pretraining of the TabularResNet.</summary>
    Pretraining,
    /// <summary>Fitting the detector and its threshold.</summary>
    Calibrating,
    /// <summary>Scoring events.</summary>
    Scoring,
}

/// <summary>A progress report of <see cref="AnomalyPipeline.Fit"/> or of scoring.</summary>
/// <param name="Stage">The step.</param>
/// <param name="Completed">Work done in the step (bytes while reading and scoring, batches while pretraining).</param>
/// <param name="Total">Work of the whole step in the same unit, when known.</param>
/// <param name="Events">Events read or scored so far.</param>
/// <param name="Message">What happened, in words (set on the reports that end a step).</param>
/// <param name="Training">The trainer's report while pretraining.</param>
public sealed record PipelineProgress(PipelineStage Stage, long Completed, long? Total, long Events, string? Message = null,
    TrainingProgress? Training = null);
