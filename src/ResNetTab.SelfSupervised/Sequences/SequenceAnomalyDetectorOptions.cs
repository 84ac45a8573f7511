using System.Globalization;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>Shape of a <see cref="SequenceAnomalyDetector"/>; the defaults are the design's (LSTM, 2 layers, hidden 128, dropout 0.1, head 64).</summary>
public sealed record SequenceAnomalyDetectorOptions
{
    /// <summary>Features per event (the embedding width plus any encoded fields); a step adds <see cref="SequenceSteps.ExtraFeatures"/>.</summary>
    public int EventFeatures { get; init; } = 64;

    /// <summary>The recurrent layer. Default <see cref="RecurrentCell.Lstm"/>.</summary>
    public RecurrentCell Cell { get; init; } = RecurrentCell.Lstm;

    /// <summary>Hidden size of the recurrent layers. Default 128.</summary>
    public int HiddenSize { get; init; } = 128;

    /// <summary>Stacked recurrent layers. Default 2.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Dropout between recurrent layers (PyTorch's <c>dropout</c> argument). Default 0.1.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Width of the normality head's hidden layer. Default 64.</summary>
    public int HeadHidden { get; init; } = 64;

    /// <summary>Values per window step: <see cref="EventFeatures"/> + <see cref="SequenceSteps.ExtraFeatures"/>.</summary>
    public int StepWidth => SequenceSteps.Width(EventFeatures);

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the exception names it).</exception>
    public void Validate()
    {
        if (EventFeatures < 1) throw new ArgumentOutOfRangeException(nameof(EventFeatures), EventFeatures, "EventFeatures must be at least 1.");
        if (HiddenSize < 1) throw new ArgumentOutOfRangeException(nameof(HiddenSize), HiddenSize, "HiddenSize must be at least 1.");
        if (Layers < 1) throw new ArgumentOutOfRangeException(nameof(Layers), Layers, "Layers must be at least 1.");
        if (HeadHidden < 1) throw new ArgumentOutOfRangeException(nameof(HeadHidden), HeadHidden, "HeadHidden must be at least 1.");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
        if (!Enum.IsDefined(Cell)) throw new ArgumentOutOfRangeException(nameof(Cell), Cell, "Unknown recurrent cell.");
    }

    /// <summary>A one-line description (for logs and checkpoint settings).</summary>
    /// <returns>The description.</returns>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Cell} {Layers}x{HiddenSize} dropout {Dropout} head {HeadHidden} event features {EventFeatures}");
}
