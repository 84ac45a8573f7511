using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>
/// A recurrent network over an entity's window of event steps (<see cref="SequenceSteps"/>), batch-first
/// <c>[batch, length, step width]</c>. <see cref="forward"/> gives the probability that the window is normal, from the last
/// hidden state through the head Linear(hidden→64)–ReLU–Linear(64→1)–Sigmoid; <see cref="PredictNext"/> predicts every
/// step's successor (its event features and log time gap) from that step's hidden state.
/// </summary>
/// <remarks>
/// State-dict names are PyTorch's for the same module: <c>rnn.weight_ih_l0</c>, <c>rnn.weight_hh_l0</c>,
/// <c>rnn.bias_ih_l0</c>, <c>rnn.bias_hh_l0</c>, … (an <c>nn.LSTM</c> or <c>nn.GRU</c> with <c>batch_first=True</c>),
/// <c>head.0</c>, <c>head.2</c> (an <c>nn.Sequential</c> of Linear, ReLU, Linear, Sigmoid) and <c>next_step</c> (an <c>nn.Linear</c>).
/// </remarks>
public sealed class SequenceAnomalyDetector : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // PyTorch names
    private readonly nn.Module rnn;
    private readonly NormalityHead head;
    private readonly Linear next_step;
#pragma warning restore IDE1006, SA1300

    /// <summary>Creates the network with PyTorch's default initialisation from the global generator.</summary>
    /// <param name="options">The shape; the design's defaults when null.</param>
    public SequenceAnomalyDetector(SequenceAnomalyDetectorOptions? options = null) : base(nameof(SequenceAnomalyDetector))
    {
        Options = options ?? new SequenceAnomalyDetectorOptions();
        Options.Validate();
        var o = Options;
        var dropout = o.Layers > 1 ? o.Dropout : 0;
        rnn = o.Cell == RecurrentCell.Lstm
            ? nn.LSTM(o.StepWidth, o.HiddenSize, o.Layers, batchFirst: true, dropout: dropout)
            : nn.GRU(o.StepWidth, o.HiddenSize, o.Layers, batchFirst: true, dropout: dropout);
        head = new NormalityHead(o.HiddenSize, o.HeadHidden);
        next_step = nn.Linear(o.HiddenSize, o.EventFeatures + 1);
        RegisterComponents();
    }

    /// <summary>The shape.</summary>
    public SequenceAnomalyDetectorOptions Options { get; }

    /// <summary>Values per step.</summary>
    public int StepWidth => Options.StepWidth;

    /// <summary>The probability that each window is normal.</summary>
    /// <param name="input">[batch, length, step width] windows.</param>
    /// <returns>[batch] probabilities.</returns>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (_, last) = Encode(input);
        return head.call(last).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>The recurrent layer's output at every step and at the last step.</summary>
    /// <param name="input">[batch, length, step width] windows.</param>
    /// <returns>Hidden states [batch, length, hidden] and the last one [batch, hidden].</returns>
    /// <exception cref="ArgumentException">The input is not [batch, length, <see cref="StepWidth"/>].</exception>
    public (Tensor Hidden, Tensor Last) Encode(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 3 || input.shape[2] != StepWidth || input.shape[1] < 1)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Windows have shape [{string.Join(", ", input.shape)}]; the detector takes [batch, length ≥ 1, {StepWidth}]."), nameof(input));
        Tensor hidden;
        if (rnn is LSTM lstm)
        {
            var (output, h, c) = lstm.call(input, null);
            h.Dispose();
            c.Dispose();
            hidden = output;
        }
        else
        {
            var (output, h) = ((GRU)rnn).call(input, null);
            h.Dispose();
            hidden = output;
        }
        return (hidden, hidden.select(1, -1));
    }

    /// <summary>The normality head before its sigmoid (the logit of P(normal)).</summary>
    /// <param name="last">[batch, hidden] last hidden states.</param>
    /// <returns>[batch] logits.</returns>
    public Tensor NormalityLogit(Tensor last)
    {
        ArgumentNullException.ThrowIfNull(last);
        using var logit = head.Logit(last);
        return logit.squeeze(1);
    }

    /// <summary>Each step's prediction of the next step's event features and log time gap.</summary>
    /// <param name="hidden">[batch, length, hidden] hidden states.</param>
    /// <returns>[batch, length, event features + 1].</returns>
    public Tensor PredictNext(Tensor hidden)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        return next_step.call(hidden);
    }
}
