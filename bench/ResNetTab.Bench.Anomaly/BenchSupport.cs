using System.Diagnostics;
using System.Globalization;
using ResNetTab.Anomaly;

/// <summary>Shared helpers of the benchmark suites.</summary>
internal static class BenchSupport
{
    /// <summary>The 1-minute load average (the machine is shared; every figure is printed with it).</summary>
    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    public static FeatureMatrix Matrix(string path) => NpyReader.ReadNpy(path).ToFeatureMatrix();

    public static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>Seconds of one call.</summary>
    public static double Time(Action run)
    {
        GC.Collect();
        var sw = Stopwatch.StartNew();
        run();
        return sw.Elapsed.TotalSeconds;
    }

    public static double Median(List<double> xs)
    {
        var s = xs.OrderBy(x => x).ToList();
        return s[s.Count / 2];
    }

    public static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
