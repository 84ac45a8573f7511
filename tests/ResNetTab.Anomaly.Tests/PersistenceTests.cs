using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Neighbors;

namespace ResNetTab.Anomaly.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "resnettab-anomaly-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    public static TheoryData<string> Kinds => new() { "if", "if-frac", "lof", "knn", "maha", "ecod", "copod", "ensemble" };

    private static IAnomalyScorer Create(string kind) => kind switch
    {
        "if" => new IsolationForest(new IsolationForestOptions { Seed = 7, NEstimators = 25 }),
        "if-frac" => new IsolationForest(new IsolationForestOptions { Seed = 7, NEstimators = 25, Contamination = 0.1, MaxFeatures = SampleSize.Of(2) }),
        "lof" => new LocalOutlierFactor(new LocalOutlierFactorOptions { Novelty = true, NNeighbors = 10 }),
        "knn" => new KNearestNeighborsScorer(new KNearestNeighborsOptions { Method = KNeighborsMethod.Mean }),
        "maha" => new MahalanobisScorer(),
        "ecod" => new EcodScorer(),
        "copod" => new CopodScorer(0.05),
        _ => new ScoreEnsemble([new IsolationForest(new IsolationForestOptions { Seed = 1, NEstimators = 10 }), new MahalanobisScorer()],
            EnsembleNormalization.ZScore, 0.05),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void LoadedScorer_GivesIdenticalScores(string kind)
    {
        var (x, _) = TestData.Blobs(300, 4, 10, 11);
        var (test, _) = TestData.Blobs(50, 4, 5, 12);
        var scorer = Create(kind);
        scorer.Fit(x);
        string path = Path.Combine(_dir, "sub", kind + ".json");
        ScorerPersistence.Save(scorer, path);
        var loaded = ScorerPersistence.Load(path);
        loaded.GetType().Should().Be(scorer.GetType());
        loaded.Score(test).Should().Equal(scorer.Score(test));
        loaded.Offset.Should().Be(scorer.Offset);
        loaded.Contamination.Should().Be(scorer.Contamination);
        loaded.TrainingScores.Should().Equal(scorer.TrainingScores);
        loaded.Predict(test).Should().Equal(scorer.Predict(test));
        loaded.PredictProba(test, ProbabilityMethod.Unify).Should().BeEquivalentTo(scorer.PredictProba(test, ProbabilityMethod.Unify));
        Directory.GetFiles(Path.GetDirectoryName(path)!).Should().ContainSingle("the temporary file is renamed into place");
    }

    [Fact]
    public void OutlierModeLof_RoundTripsItsTrainingScores()
    {
        var (x, _) = TestData.Blobs(120, 3, 5, 3);
        var lof = new LocalOutlierFactor();
        lof.Fit(x);
        string path = Path.Combine(_dir, "lof.json");
        ScorerPersistence.Save(lof, path);
        var loaded = ScorerPersistence.Load<LocalOutlierFactor>(path);
        loaded.NegativeOutlierFactor.Should().Equal(lof.NegativeOutlierFactor);
        loaded.Options.Novelty.Should().BeFalse();
    }

    [Fact]
    public void Overwrite_ReplacesTheFile_AndErrorsAreClear()
    {
        var (x, _) = TestData.Blobs(100, 2, 5, 3);
        string path = Path.Combine(_dir, "m.json");
        var a = new IsolationForest(new IsolationForestOptions { Seed = 1, NEstimators = 5 });
        a.Fit(x);
        ScorerPersistence.Save(a, path);
        var b = new MahalanobisScorer();
        b.Fit(x);
        ScorerPersistence.Save(b, path);
        ScorerPersistence.Load(path).Should().BeOfType<MahalanobisScorer>();

        var unfitted = () => ScorerPersistence.Save(new IsolationForest(), Path.Combine(_dir, "u.json"));
        unfitted.Should().Throw<InvalidOperationException>().WithMessage("*not fitted*");
        File.WriteAllText(Path.Combine(_dir, "bad.json"), "{\"format\":\"other\"}");
        var bad = () => ScorerPersistence.Load(Path.Combine(_dir, "bad.json"));
        bad.Should().Throw<InvalidDataException>();
        var wrongType = () => ScorerPersistence.Load<IsolationForest>(path);
        wrongType.Should().Throw<InvalidDataException>();
    }

    private string SavedForest()
    {
        var (x, _) = TestData.Blobs(200, 3, 5, 21);
        var scorer = Create("if");
        scorer.Fit(x);
        string path = Path.Combine(_dir, "forest.json");
        ScorerPersistence.Save(scorer, path);
        return path;
    }

    [Fact]
    public void An_edited_file_is_refused_because_its_checksum_no_longer_matches()
    {
        var path = SavedForest();
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        root["offset"] = root["offset"]!.GetValue<double>() + 0.25;
        File.WriteAllText(path, root.ToJsonString());
        var act = () => ScorerPersistence.Load(path);
        act.Should().Throw<InvalidDataException>().WithMessage($"*{Path.GetFileName(path)}*does not match its checksum*");
    }

    [Fact]
    public void A_null_array_is_a_clear_error_naming_the_field_not_a_null_reference()
    {
        var path = SavedForest();
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        root["trainingScores"] = null;
        root.Remove("checksum");
        var act = () => ScorerPersistence.FromJson(root);
        act.Should().Throw<InvalidDataException>().WithMessage("*checksum*");
        root["checksum"] = "skip";
        var fields = () => typeof(ScorerPersistence).Assembly.GetType("ResNetTab.Anomaly.Json")!
            .GetMethod("Get")!.MakeGenericMethod(typeof(double[])).Invoke(null, [root, "trainingScores"]);
        fields.Should().Throw<System.Reflection.TargetInvocationException>()
            .WithInnerException<InvalidDataException>().WithMessage("*'trainingScores' is null*");
    }
}
