namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>The recurrent layer of a <see cref="SequenceAnomalyDetector"/>.</summary>
public enum RecurrentCell
{
    /// <summary>PyTorch's <c>nn.LSTM</c>.</summary>
    Lstm,

    /// <summary>PyTorch's <c>nn.GRU</c>.</summary>
    Gru,
}
