namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>What a <see cref="SequenceScorer"/>'s window score is made of.</summary>
public enum SequenceScoreKind
{
    /// <summary>The sum of the two parts below, each divided by its mean on the training windows.</summary>
    Combined,

    /// <summary>The largest next-step error in the window (an event its predecessors did not predict).</summary>
    NextStep,

    /// <summary>The normality head's <c>−log P(normal)</c> of the window.</summary>
    Normality,
}
