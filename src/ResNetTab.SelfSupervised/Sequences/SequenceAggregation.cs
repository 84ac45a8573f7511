namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>How the scores of the windows (or steps) that contain an event are combined into the event's or entity's score.</summary>
public enum SequenceAggregation
{
    /// <summary>The largest.</summary>
    Max,

    /// <summary>The mean.</summary>
    Mean,
}
