using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ResNetTab.Data;

namespace ResNetTab.Synthetic;

/// <summary>
/// Generates <b>synthetic</b> OCSF 1.5 events — Authentication (3002), Network Activity (4001), DNS Activity
/// (4003), Process Activity (1007), File System Activity (1001) and API Activity (6003) — from per-user and
/// per-host behaviour profiles with daily and weekly rhythms, and injects labelled anomalies
/// (<see cref="AnomalyKind"/>). The events are invented: realistic in shape and field names, not real telemetry.
/// Seeded and reproducible: the same <see cref="SyntheticOptions"/> always give byte-identical output.
/// </summary>
public sealed class SyntheticOcsfGenerator
{
    private static readonly (int ClassUid, double Weight)[] ClassMix =
        [(3002, 0.12), (4001, 0.30), (4003, 0.22), (1007, 0.14), (1001, 0.12), (6003, 0.10)];

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keeps '&', '+' and non-ASCII readable; quotes, backslashes and control characters are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>Creates a generator; the options are validated.</summary>
    public SyntheticOcsfGenerator(SyntheticOptions? options = null)
    {
        Options = options ?? new SyntheticOptions();
        Options.Validate();
    }

    /// <summary>The options in use.</summary>
    public SyntheticOptions Options { get; }

    /// <summary>The simulated users (humans, then service accounts) with their profiles; the same for the same seed and counts.</summary>
    public IReadOnlyList<SyntheticUser> Users()
    {
        var c = NewCatalog(Options);
        return [.. c.Humans.Concat(c.Services).Select(u => new SyntheticUser(u))];
    }

    /// <summary>The event classes generated.</summary>
    public static IReadOnlyList<int> ClassUids { get; } = [.. ClassMix.Select(c => c.ClassUid)];

    /// <summary>
    /// Streams <see cref="SyntheticOptions.EventCount"/> events in time order. Enumerating twice gives the
    /// same events. Memory is constant in the event count.
    /// </summary>
    public IEnumerable<SyntheticEvent> Generate()
    {
        var o = Options;
        // Separate streams: the estate does not change when only the event count or rate changes.
        var catalog = NewCatalog(o);
        var rng = new SplitMix64(o.Seed);
        var injector = new AnomalyInjector(o, catalog, new SplitMix64(o.Seed ^ 0xA40_3A11_0000_0002UL));
        var intensity = new double[168];
        for (var h = 0; h < 168; h++) intensity[h] = catalog.ActiveByHourOfWeek[h].Length + 1.5 * catalog.Services.Length;
        var meanIntensity = intensity.Average();
        var meanGapMs = 86_400_000.0 / o.EventsPerDay;

        var buffer = new ArrayBufferWriter<byte>(4096);
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        var normal = new EventSpec();
        var t = o.Start.ToUnixTimeMilliseconds();
        List<EventSpec>? episode = null;
        var next = 0;

        for (long index = 0; index < o.EventCount; index++)
        {
            EventSpec spec;
            if (episode != null && next < episode.Count) spec = episode[next++];
            else if ((episode = injector.TryStart(index, t)) != null)
            {
                spec = episode[0];
                next = 1;
            }
            else
            {
                // Poisson arrivals whose rate follows how many people are at work this hour of the week.
                t += 1 + (long)rng.Exponential(meanGapMs * meanIntensity / intensity[ProfileCatalog.HourOfWeek(t)]);
                Normal(normal, t, catalog, intensity, rng, o.NormalLoginFailureRate);
                spec = normal;
            }
            t = Math.Max(t, spec.TimeMs);

            buffer.ResetWrittenCount();
            writer.Reset();
            var uid = rng.NextUid();
            Write(writer, spec, uid, rng, catalog);
            writer.Flush();
            yield return new SyntheticEvent(index, uid, spec.TimeMs, spec.ClassUid, spec.User.Name, spec.Host.Hostname,
                spec.Anomaly, spec.Episode, buffer.WrittenSpan.ToArray());
        }
    }

    /// <summary>
    /// Writes the events as JSON Lines to <paramref name="path"/> (gzip when it ends in <c>.gz</c>) and, when
    /// <paramref name="labelsPath"/> is given, their labels (CSV with <see cref="SyntheticLabel.CsvHeader"/>, or
    /// JSON Lines when it ends in <c>.jsonl</c>). Streams: memory is constant in the event count.
    /// </summary>
    /// <returns>Counts of what was written.</returns>
    public SyntheticSummary WriteJsonLines(string path, string? labelsPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var summary = new SyntheticSummary();
        using var output = SyntheticFiles.Create(path);
        using var labels = labelsPath == null ? null : new StreamWriter(SyntheticFiles.Create(labelsPath), new System.Text.UTF8Encoding(false));
        var jsonLabels = labelsPath != null && (labelsPath.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
            || labelsPath.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase));
        labels?.NewLine = "\n";
        if (labels != null && !jsonLabels) labels.WriteLine(SyntheticLabel.CsvHeader);
        foreach (var e in Generate())
        {
            output.Write(e.Utf8Json);
            output.WriteByte((byte)'\n');
            if (labels != null)
            {
                var label = new SyntheticLabel(e.Index, e.Uid, e.Anomaly, e.Episode, e.ClassUid);
                labels.WriteLine(jsonLabels ? label.ToJson() : label.ToCsv());
            }
            summary.Add(e);
        }
        return summary;
    }

    private static ProfileCatalog NewCatalog(SyntheticOptions o) => new(o, new SplitMix64(o.Seed ^ 0x5EED_CA7A_1060_0001UL));

    private static void Normal(EventSpec s, long t, ProfileCatalog c, double[] intensity, SplitMix64 rng, double loginFailureRate)
    {
        var active = c.ActiveByHourOfWeek[ProfileCatalog.HourOfWeek(t)];
        var human = active.Length > 0 && rng.NextDouble() * intensity[ProfileCatalog.HourOfWeek(t)] < active.Length;
        var user = human ? rng.Pick(active) : rng.Pick(c.Services);
        var x = rng.NextDouble();
        var classUid = ClassMix[^1].ClassUid;
        foreach (var (cls, weight) in ClassMix)
        {
            if ((x -= weight) < 0) { classUid = cls; break; }
        }
        // People mostly work on their own machine and sometimes on a server (SSH/RDP sessions).
        var host = human && classUid is 1007 or 1001 && rng.Chance(0.08) ? rng.Pick(c.Servers) : user.Workstation;
        s.Reset(classUid, t, user, host);
        // Drawn only when failures are asked for, so the default stream stays byte-identical.
        if (classUid == 3002 && loginFailureRate > 0) s.Failed = rng.Chance(loginFailureRate);
    }

    private static void Write(Utf8JsonWriter w, EventSpec s, string uid, SplitMix64 rng, ProfileCatalog c)
    {
        switch (s.ClassUid)
        {
            case 3002: AuthenticationEvents.Write(w, s, uid, rng); break;
            case 4001: NetworkEvents.Write(w, s, uid, rng, c); break;
            case 4003: DnsEvents.Write(w, s, uid, rng, c); break;
            case 1007: ProcessEvents.Write(w, s, uid, rng); break;
            case 1001: FileEvents.Write(w, s, uid, rng); break;
            case 6003: ApiEvents.Write(w, s, uid, rng); break;
            default: throw new InvalidOperationException($"No builder for class {s.ClassUid}.");
        }
    }
}
