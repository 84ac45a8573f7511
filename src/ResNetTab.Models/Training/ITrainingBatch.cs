namespace ResNetTab.Models.Training;

/// <summary>A mini-batch the <see cref="Trainer{TBatch}"/> can train on: it knows its size and frees its tensors.</summary>
public interface ITrainingBatch : IDisposable
{
    /// <summary>Number of samples (rows) in the batch.</summary>
    int Size { get; }
}
