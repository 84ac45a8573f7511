namespace ResNetTab.Engine.StateDicts;

/// <summary>
/// A state dict does not fit a module: every missing key, unexpected key and shape mismatch is listed
/// in one message, worded as PyTorch's <c>load_state_dict</c> words it.
/// </summary>
public sealed class StateDictMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="module">The module's name (its type name when it has none).</param>
    /// <param name="missing">Keys of the module absent from the source.</param>
    /// <param name="unexpected">Keys of the source absent from the module.</param>
    /// <param name="mismatched">One description per key whose shapes differ.</param>
    /// <param name="strict">Whether missing and unexpected keys are errors.</param>
    public StateDictMismatchException(string module, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
        IReadOnlyList<string> mismatched, bool strict)
        : base(Describe(module, missing, unexpected, mismatched, strict))
    {
        MissingKeys = missing;
        UnexpectedKeys = unexpected;
        ShapeMismatches = mismatched;
    }

    /// <summary>Keys of the module absent from the source.</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>Keys of the source absent from the module.</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>One description per key whose shapes differ.</summary>
    public IReadOnlyList<string> ShapeMismatches { get; }

    private static string Describe(string module, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
        IReadOnlyList<string> mismatched, bool strict)
    {
        var parts = new List<string>();
        if (strict && missing.Count > 0) parts.Add("Missing key(s) in state_dict: " + string.Join(", ", missing.Select(k => $"\"{k}\"")) + ".");
        if (strict && unexpected.Count > 0) parts.Add("Unexpected key(s) in state_dict: " + string.Join(", ", unexpected.Select(k => $"\"{k}\"")) + ".");
        parts.AddRange(mismatched.Select(m => m + "."));
        return $"Error(s) in loading state_dict for {module}:\n\t" + string.Join("\n\t", parts);
    }
}
