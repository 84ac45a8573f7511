namespace ResNetTab.SelfSupervised;

/// <summary>
/// The model's lifetime and mode under concurrency: every forward, extraction, scoring call and training run holds a
/// use, so disposing the model waits for them and later calls throw <see cref="ObjectDisposedException"/> instead of
/// touching freed tensors; concurrent inference shares one switch to evaluation mode and the last one out restores
/// the mode the model had.
/// </summary>
public sealed partial class SelfSupervisedModel
{
    private readonly UseGuard _uses = new();
    private readonly object _modeGate = new();
    private int _inferenceUsers;
    private bool _trainingBeforeInference;

    /// <summary>Starts a use of the parameters (training, or a forward); dispose the lease when it ends.</summary>
    internal UseGuard.Lease Use() => _uses.Enter(this);

    /// <summary>Starts an inference use: evaluation mode until the last concurrent inference ends.</summary>
    internal Inference Infer()
    {
        var lease = _uses.Enter(this);
        lock (_modeGate)
        {
            if (_inferenceUsers++ == 0)
            {
                _trainingBeforeInference = training;
                eval();
            }
        }
        return new Inference(this, lease);
    }

    private void EndInference()
    {
        lock (_modeGate)
        {
            if (--_inferenceUsers == 0 && _trainingBeforeInference) train();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // A finalizer never waits; an explicit dispose waits for the uses in flight, once.
        if (disposing && !_uses.BeginDispose()) return;
        base.Dispose(disposing);
    }

    /// <summary>One inference in progress.</summary>
    internal readonly struct Inference(SelfSupervisedModel model, UseGuard.Lease lease) : IDisposable
    {
        public void Dispose()
        {
            model.EndInference();
            lease.Dispose();
        }
    }
}
