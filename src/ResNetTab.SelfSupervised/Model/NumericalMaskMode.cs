namespace ResNetTab.SelfSupervised;

/// <summary>What a masked numerical cell looks like to the encoder.</summary>
public enum NumericalMaskMode
{
    /// <summary>The cell is replaced by a learned per-column value (<c>mask_value</c>); the encoder's input width is unchanged.</summary>
    LearnedValue,

    /// <summary>The cell is set to zero and a 0/1 indicator column per numerical column tells the encoder it was masked (input width doubles).</summary>
    ZeroWithIndicator,
}
