namespace ResNetTab.Data.Encoders;

/// <summary>Reserved categorical indices, the same in every categorical column.</summary>
public static class Reserved
{
    /// <summary>0: [MASK], never produced by encoding; used by masked-feature training.</summary>
    public const long Mask = 0;

    /// <summary>1: the field is absent or null.</summary>
    public const long Missing = 1;

    /// <summary>2: a value not in the vocabulary (unseen at fit, or rarer than the minimum frequency).</summary>
    public const long Unknown = 2;

    /// <summary>Number of reserved indices; real categories start here.</summary>
    public const int Count = 3;
}
