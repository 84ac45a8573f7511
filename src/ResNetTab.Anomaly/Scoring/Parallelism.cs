namespace ResNetTab.Anomaly;

/// <summary>Maps scikit-learn's <c>n_jobs</c> to <see cref="ParallelOptions"/>.</summary>
internal static class Parallelism
{
    public static ParallelOptions Options(int nJobs) => new()
    {
        MaxDegreeOfParallelism = nJobs switch
        {
            -1 or 0 => Environment.ProcessorCount,
            < -1 => Math.Max(1, Environment.ProcessorCount + 1 + nJobs),
            _ => nJobs,
        },
    };
}
