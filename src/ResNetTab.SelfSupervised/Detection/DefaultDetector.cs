using System.Text.Json.Nodes;
using ResNetTab.Anomaly;

namespace ResNetTab.SelfSupervised;

/// <summary>
/// The library's default detector for tabular events: the rank average of ECOD and k-NN (k = 20) on the raw features
/// and the pretrained model's reconstruction error (<see cref="MemberNames"/>), the candidate that the quality
/// benchmark's leave-one-set-out procedure (docs/selfsupervised.md) picks on the 22-set development pool over both the
/// one-class and the contaminated protocol — it is meant to be fitted on unlabelled rows that contain the anomalies.
/// Each member's score becomes the share of its training scores below it (<see cref="RankAverage"/>), and the shares
/// are averaged.
/// </summary>
/// <remarks>
/// <para>Input: a <see cref="FeatureMatrix"/> whose first columns are numerical and the rest categorical indices, as
/// for <see cref="ReconstructionScorer"/> (<see cref="TabularFeatureMatrix.ToFeatureMatrix"/> builds one; the <see cref="AnomalyScorerExtensions"/> overloads take <see cref="TabularData"/> directly). The classical members
/// score the raw view: numerical columns plus each categorical value's rarity, standardised on the training rows.</para>
/// <para><see cref="AnomalyScorerBase.Fit"/> pretrains the self-supervised model with
/// <see cref="DefaultDetectorOptions.Pretraining"/> (a fixed number of epochs: the same rows and seed give the same
/// scores on any machine) unless created around a pretrained model. <see cref="ScorerPersistence"/> saves and loads
/// it, model included; <see cref="Reconstruction"/> explains a score by the fields the model could not predict.</para>
/// </remarks>
public sealed class DefaultDetector : AnomalyScorerBase, IDisposable
{
    private const string KindName = "DefaultDetector";
    private const string ReconstructionName = "reconstruction";
    private readonly DefaultDetectorOptions options;
    private ReconstructionScorer reconstruction;
    private RawFeatures? raw;
    private AnomalyScorerBase[] rawMembers = [];

    /// <summary>Teaches <see cref="ScorerPersistence"/> this kind as soon as this assembly is loaded.</summary>
#pragma warning disable CA2255 // A library registering its scorer kind with the persistence of another assembly is what module initialisers are for.
    [System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => ScorerPersistence.RegisterKind(KindName, LoadModel);

    /// <summary>The members, as the quality benchmark names them.</summary>
    public static IReadOnlyList<string> MemberNames { get; } = ["ECOD", "raw k-NN k=20", ReconstructionName];

    /// <summary>Creates an unfitted detector that pretrains its own model in <see cref="AnomalyScorerBase.Fit"/>.</summary>
    /// <param name="schema">The columns of its input: which are numerical and which categorical (with cardinalities).</param>
    /// <param name="options">The settings; the defaults when null.</param>
    public DefaultDetector(TabularSchema schema, DefaultDetectorOptions? options = null)
        : base((options ?? new DefaultDetectorOptions()).Contamination)
    {
        ArgumentNullException.ThrowIfNull(schema);
        this.options = options ?? new DefaultDetectorOptions();
        reconstruction = new ReconstructionScorer(schema, new ReconstructionScorerOptions { Pretraining = this.options.Pretraining });
    }

    /// <summary>Creates an unfitted detector around a pretrained model; <see cref="AnomalyScorerBase.Fit"/> fits the other members and calibrates.</summary>
    /// <param name="pretrained">The pretrained model (the caller keeps it and disposes it).</param>
    /// <param name="contamination">Expected share of anomalies ('auto' = 0.1).</param>
    public DefaultDetector(SelfSupervisedModel pretrained, Contamination contamination = default)
        : base(contamination)
    {
        ArgumentNullException.ThrowIfNull(pretrained);
        reconstruction = new ReconstructionScorer(pretrained);
        options = new DefaultDetectorOptions { Pretraining = pretrained.Recipe, Contamination = contamination };
    }

    private DefaultDetector(ReconstructionScorer reconstruction, RawFeatures raw, AnomalyScorerBase[] rawMembers, DefaultDetectorOptions options)
        : base(options.Contamination)
    {
        this.reconstruction = reconstruction;
        this.raw = raw;
        this.rawMembers = rawMembers;
        this.options = options;
    }

        /// <summary>The reconstruction member: its <see cref="ReconstructionScorer.Contributions(FeatureMatrix)"/> name the fields behind a score.</summary>
    public ReconstructionScorer Reconstruction => reconstruction;

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>Every member's scores of the rows, in the order of <see cref="MemberNames"/>.</summary>
    /// <param name="x">Rows with the fitted columns.</param>
    /// <returns>One score array per member.</returns>
    public IReadOnlyList<double[]> MemberScores(FeatureMatrix x)
    {
        CheckInput(x);
        return Members(x);
    }

    /// <summary>Every member's scores of the rows, in the order of <see cref="MemberNames"/>.</summary>
    /// <param name="data">Rows with the fitted columns.</param>
    /// <returns>One score array per member.</returns>
    public IReadOnlyList<double[]> MemberScores(TabularData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return MemberScores(data.ToFeatureMatrix());
    }

    /// <inheritdoc />
    protected override double[] FitCore(FeatureMatrix x)
    {
        reconstruction.Fit(x);
        var numerical = reconstruction.Schema.NumericalColumns;
        var (view, rawTrain) = RawFeatures.Fit(MatrixRows.Split(x, numerical));
        raw = view;
        rawMembers = [.. MemberNames.Where(n => n != ReconstructionName).Select(Create)];
        foreach (var m in rawMembers) m.Fit(rawTrain);
        var training = Training();
        return Negated(RankAverage.Combine([.. training.Select(t => (t, t))]));
    }

    /// <inheritdoc />
    protected override double[] ScoreSamplesCore(FeatureMatrix x)
    {
        var training = Training();
        var scores = Members(x);
        return Negated(RankAverage.Combine([.. training.Select((t, i) => (t, (IReadOnlyList<double>)scores[i]))]));
    }

    /// <summary>
    /// Scores and the reconstruction member's per-column contributions from one pass of the model: the member's score
    /// is the row sum of its contributions, exactly as <see cref="ReconstructionScorer"/> computes it.
    /// </summary>
    internal (double[] Scores, double[] Contributions) ScoreWithContributions(FeatureMatrix x)
    {
        CheckInput(x);
        var contributions = reconstruction.Contributions(x);
        var scores = Members(x, ReconstructionScorer.RowSums(contributions, x.Columns));
        var training = Training();
        var combined = RankAverage.Combine([.. training.Select((t, i) => (t, (IReadOnlyList<double>)scores[i]))]);
        return (combined, contributions);
    }

    /// <summary>Frees the model when the detector trained or loaded it.</summary>
    public void Dispose() => reconstruction.Dispose();

    private IReadOnlyList<double>[] Training()
    {
        var result = new IReadOnlyList<double>[MemberNames.Count];
        var r = 0;
        for (var i = 0; i < MemberNames.Count; i++)
            result[i] = MemberNames[i] == ReconstructionName ? reconstruction.TrainingScores : rawMembers[r++].TrainingScores;
        return result;
    }

    private double[][] Members(FeatureMatrix x, double[]? reconstructionScores = null)
    {
        var numerical = reconstruction.Schema.NumericalColumns;
        var rawX = raw!.Transform(MatrixRows.Split(x, numerical));
        var result = new double[MemberNames.Count][];
        var r = 0;
        for (var i = 0; i < MemberNames.Count; i++)
            result[i] = MemberNames[i] == ReconstructionName ? reconstructionScores ?? reconstruction.Score(x) : rawMembers[r++].Score(rawX);
        return result;
    }

    private AnomalyScorerBase Create(string name) => name switch
    {
        "ECOD" => new EcodScorer(),
        "COPOD" => new CopodScorer(),
        "raw k-NN" => new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = 5 }),
        "raw k-NN k=20" => new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = 20 }),
        "raw IF" => new IsolationForest(new IsolationForestOptions { Seed = options.Pretraining.Seed }),
        _ => throw new InvalidOperationException($"Unknown member '{name}'."),
    };

    private static double[] Negated(double[] scores)
    {
        for (var i = 0; i < scores.Length; i++) scores[i] = -scores[i];
        return scores;
    }

    /// <inheritdoc />
    protected internal override JsonObject SaveModel(ScorerFiles files)
    {
        var members = new JsonArray();
        for (var i = 0; i < rawMembers.Length; i++) members.Add(ScorerPersistence.ToJson(rawMembers[i], files.Prefixed($"member{i}.")));
        return new JsonObject
        {
            ["members"] = new JsonArray([.. MemberNames.Select(n => (JsonNode)JsonValue.Create(n)!)]),
            ["reconstruction"] = ScorerPersistence.ToJson(reconstruction, files.Prefixed("reconstruction.")),
            ["raw"] = raw!.ToJson(),
            ["rawMembers"] = members,
        };
    }

    private static DefaultDetector LoadModel(JsonObject document, Contamination contamination, ScorerFiles files)
    {
        var names = document["members"]?.AsArray().Select(n => n?.GetValue<string>()).ToArray() ?? throw new InvalidDataException("Saved detector is missing the field 'members'.");
        if (!names.SequenceEqual(MemberNames))
            throw new InvalidDataException($"Saved detector has the members [{string.Join(", ", names)}]; this library's default detector has [{string.Join(", ", MemberNames)}] (fit and save it again).");
        var reconstruction = ScorerPersistence.FromJson(document["reconstruction"] as JsonObject ?? throw new InvalidDataException("Saved detector is missing the field 'reconstruction'."), files.Prefixed("reconstruction.")) as ReconstructionScorer
            ?? throw new InvalidDataException("Saved detector's 'reconstruction' is not a reconstruction scorer.");
        var raw = RawFeatures.FromJson(document["raw"] as JsonObject ?? throw new InvalidDataException("Saved detector is missing the field 'raw'."));
        var rawMembers = (document["rawMembers"] as JsonArray ?? throw new InvalidDataException("Saved detector is missing the field 'rawMembers'."))
            .Select((n, i) => ScorerPersistence.FromJson(n as JsonObject ?? throw new InvalidDataException("Saved detector has a member that is not an object."), files.Prefixed($"member{i}.")) as AnomalyScorerBase
                ?? throw new InvalidDataException("Saved detector has a member of an unknown kind.")).ToArray();
        if (rawMembers.Length != MemberNames.Count(n => n != ReconstructionName))
            throw new InvalidDataException($"Saved detector has {rawMembers.Length} raw members; expected {MemberNames.Count(n => n != ReconstructionName)}.");
        return new DefaultDetector(reconstruction, raw, rawMembers, new DefaultDetectorOptions
        {
            Pretraining = reconstruction.Options.Pretraining,
            Contamination = contamination,
        });
    }
}
