namespace ResNetTab.Bench.SelfSupervised;

/// <summary>How a data set is split into the rows a detector is fitted on and the rows it is scored on.</summary>
internal enum Protocol
{
    /// <summary>Half of the normal rows train; the other half and every anomaly test (clean normal training data).</summary>
    OneClass,

    /// <summary>
    /// ADBench's unsupervised setting: a stratified half of all rows trains, anomalies included at their natural rate;
    /// the other half tests.
    /// </summary>
    Contaminated,
}

internal static class Protocols
{
    public static Protocol Parse(string text) => text switch
    {
        "one-class" => Protocol.OneClass,
        "contaminated" => Protocol.Contaminated,
        _ => throw new ArgumentException($"--protocol must be one-class or contaminated, got '{text}'"),
    };

    public static string Name(this Protocol protocol) => protocol == Protocol.OneClass ? "one-class" : "contaminated";

    /// <summary>
    /// Training and test rows of a labelled set under a protocol, seeded; at most <paramref name="maxTrain"/> training and
    /// <paramref name="maxTest"/> test rows (uniform subsamples, so the anomaly rate of each side is kept in expectation).
    /// </summary>
    public static (int[] Train, int[] Test) Split(IReadOnlyList<bool> isAnomaly, Protocol protocol, int seed, int? maxTrain = null, int? maxTest = null)
    {
        var random = new Random(seed);
        var normal = Enumerable.Range(0, isAnomaly.Count).Where(i => !isAnomaly[i]).ToArray();
        var anomalies = Enumerable.Range(0, isAnomaly.Count).Where(i => isAnomaly[i]).ToArray();
        random.Shuffle(normal);
        random.Shuffle(anomalies);
        int[] train, test;
        if (protocol == Protocol.OneClass)
        {
            train = normal[..(normal.Length / 2)];
            test = [.. normal[(normal.Length / 2)..], .. anomalies];
        }
        else
        {
            train = [.. normal[..(normal.Length / 2)], .. anomalies[..(anomalies.Length / 2)]];
            test = [.. normal[(normal.Length / 2)..], .. anomalies[(anomalies.Length / 2)..]];
        }
        random.Shuffle(train);
        random.Shuffle(test);
        if (maxTrain is { } a && train.Length > a) train = train[..a];
        if (maxTest is { } b && test.Length > b) test = test[..b];
        Array.Sort(train);
        Array.Sort(test);
        return (train, test);
    }
}
