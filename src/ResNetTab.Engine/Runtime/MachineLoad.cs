using System.Globalization;

namespace ResNetTab.Engine.Runtime;

/// <summary>
/// How busy the machine is right now: the number of runnable threads that belong to other processes,
/// from the kernel's instantaneous count (<c>procs_running</c> in <c>/proc/stat</c>) minus this process's own
/// running threads, averaged over a few samples a few milliseconds apart. The load average would lag by a
/// minute (a build that just finished would still count); the instantaneous count does not.
/// </summary>
internal static class MachineLoad
{
    /// <summary>Average runnable threads of other processes, or null where the kernel does not report it (not Linux).</summary>
    public static double? OtherRunnableThreads(int samples = 5, int intervalMilliseconds = 4)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            double total = 0;
            for (var i = 0; i < samples; i++)
            {
                if (i > 0) Thread.Sleep(intervalMilliseconds);
                total += Math.Max(0, SystemRunning() - OwnRunning());
            }
            return total / samples;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static int SystemRunning()
    {
        foreach (var line in File.ReadLines("/proc/stat"))
            if (line.StartsWith("procs_running ", StringComparison.Ordinal))
                return int.Parse(line.AsSpan("procs_running ".Length), CultureInfo.InvariantCulture);
        throw new FormatException("/proc/stat has no procs_running line");
    }

    private static int OwnRunning()
    {
        var running = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                // Field 3 of .../stat is the state; the command name before it is in parentheses and may hold spaces.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var close = stat.LastIndexOf(')');
                if (close > 0 && close + 2 < stat.Length && stat[close + 2] == 'R') running++;
            }
            catch (IOException)
            {
                // the thread ended meanwhile
            }
        }
        return running;
    }
}
