using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Neighbors;
using static TorchSharp.torch;

namespace ResNetTab.Anomaly.Tests;

[Collection("Engine tensor count")]
public class TensorNeighborSearchTests
{
    private static FeatureMatrix RandomMatrix(int rows, int columns, int seed, float offset = 0)
    {
        var rng = new Random(seed);
        var values = new float[rows * columns];
        for (var i = 0; i < values.Length; i++) values[i] = (float)(rng.NextDouble() * 2 - 1) + offset;
        return FeatureMatrix.Wrap(values, columns);
    }

    [Theory]
    [InlineData(false, 0f)]
    [InlineData(true, 0f)]
    [InlineData(true, 1000f)] // far from the origin: centring keeps the float32 decomposition exact enough
    public void Matches_the_managed_search_exactly(bool excludeSelf, float offset)
    {
        var data = RandomMatrix(700, 24, seed: 3, offset);
        var queries = excludeSelf ? data : RandomMatrix(150, 24, seed: 4, offset);
        var managed = new BruteForceNeighborSearch();
        managed.Fit(data);
        using var tensorSearch = new TensorNeighborSearch { Device = CPU, QueryBlockSize = 64 };
        tensorSearch.Fit(data);

        var expected = managed.Query(queries, 10, excludeSelf);
        var actual = tensorSearch.Query(queries, 10, excludeSelf);

        actual.Indices.Should().Equal(expected.Indices);
        actual.Distances.Should().Equal(expected.Distances);
        if (excludeSelf)
            for (var r = 0; r < actual.Rows; r++) actual.Indices.AsSpan(r * 10, 10).ToArray().Should().NotContain(r);
    }

    [Fact]
    public void LOF_gives_identical_scores_with_either_search()
    {
        var data = RandomMatrix(500, 8, seed: 11);
        var managed = new LocalOutlierFactor(new LocalOutlierFactorOptions { NNeighbors = 20 });
        var tensorBacked = new LocalOutlierFactor(new LocalOutlierFactorOptions
        {
            NNeighbors = 20,
            NeighborSearch = NeighborSearchFactory.Tensor(CPU, queryBlockSize: 128),
        });
        managed.Fit(data);
        tensorBacked.Fit(data);
        tensorBacked.NegativeOutlierFactor.Should().Equal(managed.NegativeOutlierFactor);
    }

    [Fact]
    public void Rejects_bad_queries_with_clear_errors()
    {
        using var search = new TensorNeighborSearch { Device = CPU };
        FluentActions.Invoking(() => search.Query(RandomMatrix(3, 2, 1), 1, false))
            .Should().Throw<InvalidOperationException>().WithMessage("*not fitted*");
        search.Fit(RandomMatrix(10, 2, 1));
        FluentActions.Invoking(() => search.Query(RandomMatrix(3, 5, 1), 1, false))
            .Should().Throw<ArgumentException>().WithMessage("*5 features*fitted on 2*");
        FluentActions.Invoking(() => search.Query(RandomMatrix(10, 2, 1), 10, true))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*between 1 and 9*");
    }

    [Fact]
    public void Scorers_accept_tensors()
    {
        var data = RandomMatrix(300, 6, seed: 5);
        using var x = ResNetTab.Engine.Tensors.TensorData.FromSpan(data.Values, [300, 6]);
        var fromMatrix = new IsolationForest(new IsolationForestOptions { Seed = 1 });
        var fromTensor = new IsolationForest(new IsolationForestOptions { Seed = 1 });
        fromMatrix.Fit(data);
        fromTensor.Fit(x);
        fromTensor.Score(x).Should().Equal(fromMatrix.Score(data));

        using var wrongRank = zeros(3);
        FluentActions.Invoking(() => fromTensor.Score(wrongRank)).Should().Throw<ArgumentException>().WithMessage("*2-D tensor*[3]*");
        using var ints = zeros([2, 6], dtype: int64);
        FluentActions.Invoking(() => fromTensor.Score(ints)).Should().Throw<ArgumentException>().WithMessage("*floating-point*");
    }
}
