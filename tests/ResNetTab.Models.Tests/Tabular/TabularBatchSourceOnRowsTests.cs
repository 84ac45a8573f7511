using ResNetTab.Engine.Tensors;
using ResNetTab.Models.Tabular;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Tabular;

/// <summary>The batch source reads <see cref="TabularData"/> rows, views included, and refuses indices outside their schema.</summary>
public sealed class TabularBatchSourceOnRowsTests
{
    private static TabularData Rows(long badIndex = 1) => new(
        new[] { 0f, 1f, 10f, 11f, 20f, 21f, 30f, 31f },
        new long[] { 0, 1, 2, badIndex },
        4,
        new TabularSchema(["a", "b"], ["c"], [3]));

    [Fact]
    public void Batches_of_a_view_hold_its_rows_and_report_indices_into_it()
    {
        using var scope = NewDisposeScope();
        var view = Rows().Slice(1, 3);
        var source = new TabularBatchSource(view, batchSize: 2);
        source.Data.Should().BeSameAs(view);
        source.Count.Should().Be(2);
        var batches = source.Epoch(0).ToList();
        TensorData.ToArray<float>(batches[0].Numerical).Should().Equal(10f, 11f, 20f, 21f);
        TensorData.ToArray<long>(batches[0].Categorical).Should().Equal(1L, 2L);
        batches[1].Rows.Should().Equal(2);
        TensorData.ToArray<long>(batches[1].Categorical).Should().Equal(1L);
        var (numerical, categorical) = view.ToTensors();
        numerical.shape.Should().Equal(3, 2);
        TensorData.ToArray<long>(categorical).Should().Equal(1L, 2L, 1L);
    }

    [Fact]
    public void Indices_outside_the_schema_are_refused_when_the_source_is_built()
    {
        var act = () => new TabularBatchSource(Rows(badIndex: 3), batchSize: 2);
        act.Should().Throw<ArgumentException>().WithMessage("The rows hold index 3 at row 3, categorical column 0 ('c'), outside [0, 3).");
        var subset = () => new TabularBatchSource(Rows(), batchSize: 2, subset: [4]);
        subset.Should().Throw<ArgumentException>().WithMessage("The subset holds row 4, outside [0, 4).*");
    }
}
