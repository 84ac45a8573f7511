using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Neighbors;

namespace ResNetTab.Anomaly.Tests;

/// <summary>Every scorer takes rows directly and gives exactly what it gives on their matrix (numerical, then categorical).</summary>
public sealed class TabularDataScoringTests
{
    private static TabularData Rows(int rows, int seed)
    {
        var random = new Random(seed);
        var numerical = new float[rows * 3];
        var categorical = new long[rows * 2];
        for (var i = 0; i < numerical.Length; i++) numerical[i] = (float)((random.NextDouble() * 4) - 2);
        for (var i = 0; i < categorical.Length; i++) categorical[i] = random.Next(0, 6);
        return new TabularData(numerical, categorical, rows, new TabularSchema(["a", "b", "c"], ["x", "y"], [6, 6]));
    }

    // The matrix written out independently of the library's conversion.
    private static FeatureMatrix Matrix(TabularData data)
    {
        var values = new float[data.Rows, 5];
        for (var r = 0; r < data.Rows; r++)
        {
            for (var c = 0; c < 3; c++) values[r, c] = data.NumericalRow(r)[c];
            for (var c = 0; c < 2; c++) values[r, 3 + c] = data.CategoricalRow(r)[c];
        }
        return FeatureMatrix.From(values);
    }

    public static TheoryData<string> Scorers => ["IsolationForest", "LocalOutlierFactor", "KNearestNeighbors", "Mahalanobis"];

    private static IAnomalyScorer Create(string name) => name switch
    {
        "IsolationForest" => new IsolationForest(new IsolationForestOptions { Seed = 4, NEstimators = 25 }),
        "LocalOutlierFactor" => new LocalOutlierFactor(new LocalOutlierFactorOptions { Novelty = true }),
        "KNearestNeighbors" => new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = 5 }),
        "Mahalanobis" => new MahalanobisScorer(new MahalanobisOptions { Estimator = CovarianceEstimator.Empirical }),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Scorers))]
    public void Row_overloads_equal_the_matrix_results(string name)
    {
        var train = Rows(120, seed: 1);
        var test = Rows(30, seed: 2);
        var byRows = Create(name);
        var byMatrix = Create(name);
        byRows.Fit(train);
        byMatrix.Fit(Matrix(train));

        byRows.FeatureCount.Should().Be(5);
        byRows.TrainingScores.Should().Equal(byMatrix.TrainingScores);
        byRows.Threshold.Should().Be(byMatrix.Threshold);
        byRows.Score(test).Should().Equal(byMatrix.Score(Matrix(test)));
        byRows.ScoreSamples(test).Should().Equal(byMatrix.ScoreSamples(Matrix(test)));
        byRows.DecisionFunction(test).Should().Equal(byMatrix.DecisionFunction(Matrix(test)));
        byRows.Predict(test).Should().Equal(byMatrix.Predict(Matrix(test)));
        byRows.PredictProba(test, ProbabilityMethod.Unify).Should().BeEquivalentTo(byMatrix.PredictProba(Matrix(test), ProbabilityMethod.Unify));
        Create(name).FitPredict(train).Should().Equal(Create(name).FitPredict(Matrix(train)));
    }

    [Fact]
    public void A_view_scores_like_the_copy_of_its_rows()
    {
        var train = Rows(100, seed: 3);
        var test = Rows(40, seed: 4);
        var forest = Create("IsolationForest");
        forest.Fit(train);
        forest.Score(test.Slice(10, 20)).Should().Equal(forest.Score(test.Select([.. Enumerable.Range(10, 20)])));
        forest.Score(test.Slice(10, 20)).Should().Equal(forest.Score(test).Skip(10).Take(20));
    }

    [Fact]
    public void Conversion_puts_numerical_columns_first_then_categorical_indices()
    {
        var rows = Rows(4, seed: 5);
        var matrix = rows.ToFeatureMatrix();
        matrix.Columns.Should().Be(5);
        matrix.Values.ToArray().Should().Equal(Matrix(rows).Values.ToArray());
        rows.Schema!.ColumnNames.Should().Equal("a", "b", "c", "x", "y");
    }
}
