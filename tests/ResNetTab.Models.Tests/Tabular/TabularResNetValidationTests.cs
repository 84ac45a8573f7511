using ResNetTab.Models.Tabular;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Tabular;

/// <summary>Clear errors for wrong inputs and invalid options.</summary>
public sealed class TabularResNetValidationTests
{
    private static TabularResNet Model(bool names = false) => TabularResNetBuilder.Create()
        .WithNumericalColumns(5)
        .WithCategorical(names ? [("class_uid", 7), ("severity_id", 4), ("src_endpoint.ip.net", 11)] : [("a", 7), ("b", 4), ("c", 11)])
        .WithWidth(32).WithBlocks(1).WithClasses(3).Build();

    private static Tensor Cat(long rows = 4) => stack([randint(0, 7, [rows], ScalarType.Int64), randint(0, 4, [rows], ScalarType.Int64), randint(0, 11, [rows], ScalarType.Int64)], 1);

    /// <summary>Valid indices for 4 rows, except <paramref name="value"/> at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    private static Tensor CatWith(int row, int column, long value)
    {
        long[] values = [0, 3, 10, 6, 1, 2, 1, 0, 5, 2, 3, 9];
        values[row * 3 + column] = value;
        return tensor(values, [4, 3]);
    }

    [Fact]
    public void Wrong_numerical_width_is_named()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var act = () => model.call(randn(4, 4), Cat());
        act.Should().Throw<ArgumentException>().WithParameterName("numerical")
            .WithMessage("numerical has 4 columns (shape [4, 4]) but the model expects 5 numerical features*");
    }

    [Fact]
    public void Wrong_rank_and_missing_inputs_are_named()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        model.Invoking(m => m.call(randn(20), Cat())).Should().Throw<ArgumentException>().WithMessage("numerical must be a matrix [N, 5], got shape [20]*");
        model.Invoking(m => m.call(null, Cat())).Should().Throw<ArgumentException>().WithMessage("numerical is null but the model expects 5 numerical features*");
        model.Invoking(m => m.call(randn(4, 5), null)).Should().Throw<ArgumentException>().WithParameterName("categorical")
            .WithMessage("categorical is null but the model expects 3 categorical columns*");
    }

    [Fact]
    public void Wrong_categorical_column_count_is_named()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var act = () => model.call(randn(4, 5), zeros([4, 2], ScalarType.Int64));
        act.Should().Throw<ArgumentException>().WithParameterName("categorical")
            .WithMessage("categorical has 2 columns (shape [4, 2]) but the model expects 3 categorical columns*");
    }

    [Fact]
    public void Columns_given_to_a_model_without_them_are_refused()
    {
        using var scope = NewDisposeScope();
        using var model = TabularResNetBuilder.Create().WithNumericalColumns(3).WithWidth(16).WithBlocks(1).Build();
        var act = () => model.call(randn(4, 3), zeros([4, 2], ScalarType.Int64));
        act.Should().Throw<ArgumentException>().WithMessage("the model has no categorical columns, but categorical has 2 columns*pass null or an [N, 0] tensor*");
    }

    [Fact]
    public void Row_counts_must_agree()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var act = () => model.call(randn(5, 5), Cat(4));
        act.Should().Throw<ArgumentException>().WithMessage("numerical has 5 rows but categorical has 4*");
    }

    [Fact]
    public void Categorical_index_at_or_above_the_cardinality_names_column_row_and_value()
    {
        using var scope = NewDisposeScope();
        using var model = Model(names: true);
        var cat = CatWith(2, 2, 11);
        var act = () => model.call(randn(4, 5), cat);
        act.Should().Throw<ArgumentException>().WithParameterName("categorical")
            .WithMessage("categorical column 2 ('src_endpoint.ip.net') has index 11 at row 2, outside [0, 11): the column's cardinality is 11.*");
    }

    [Fact]
    public void Negative_categorical_index_is_named()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var cat = CatWith(1, 0, -1);
        var act = () => model.call(randn(4, 5), cat);
        act.Should().Throw<ArgumentException>().WithMessage("categorical column 0 ('a') has index -1 at row 1, outside [0, 7)*");
    }

    [Fact]
    public void Without_the_range_check_the_embedding_still_refuses_bad_indices()
    {
        using var scope = NewDisposeScope();
        using var model = TabularResNetBuilder.Create().WithNumericalColumns(5).WithCategorical(7, 4, 11).WithWidth(32).WithBlocks(1)
            .WithCategoricalRangeCheck(false).Build();
        var cat = CatWith(0, 1, 4);
        var act = () => model.call(randn(4, 5), cat);
        act.Should().Throw<System.Runtime.InteropServices.ExternalException>("libtorch's embedding refuses it").WithMessage("*index out of range*");
    }

    [Fact]
    public void Categorical_must_be_int64()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var act = () => model.call(randn(4, 5), Cat().to(ScalarType.Int32));
        act.Should().Throw<ArgumentException>().WithParameterName("categorical").WithMessage("categorical indices must be Int64 (long), got Int32*");
        var asFloat = () => model.call(randn(4, 5), Cat().to(ScalarType.Float32));
        asFloat.Should().Throw<ArgumentException>().WithMessage("*must be Int64 (long), got Float32*");
    }

    [Fact]
    public void Numerical_must_have_the_models_dtype()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var act = () => model.call(randn(4, 5).to(ScalarType.Float64), Cat());
        act.Should().Throw<ArgumentException>().WithParameterName("numerical").WithMessage("numerical features must be Float32 (the model's dtype), got Float64*");
        var ints = () => model.call(zeros([4, 5], ScalarType.Int64), Cat());
        ints.Should().Throw<ArgumentException>().WithMessage("*must be Float32*got Int64*");
    }

    [Fact]
    public void One_row_in_training_with_batchnorm_is_refused_but_evaluates()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var act = () => model.call(randn(1, 5), Cat(1));
        act.Should().Throw<ArgumentException>().WithMessage("Expected more than 1 row per batch when training with BatchNorm*");
        model.eval();
        using var _ = no_grad();
        model.call(randn(1, 5), Cat(1)).shape.Should().Equal(1, 3);
    }

    [Fact]
    public void Empty_batches_evaluate_to_empty_outputs()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        model.eval();
        using var _ = no_grad();
        model.call(zeros(0, 5), zeros([0, 3], ScalarType.Int64)).shape.Should().Equal(0, 3);
    }

    [Fact]
    public void Invalid_options_are_named()
    {
        using var scope = NewDisposeScope();
        var b = () => TabularResNetBuilder.Create();
        b().Invoking(x => x.Build()).Should().Throw<ArgumentException>().WithMessage("A TabularResNet needs at least one numerical or categorical column.");
        b().WithCategorical(7, 0).Invoking(x => x.Build()).Should().Throw<ArgumentException>().WithMessage("Categorical column 1 has cardinality 0; it must be positive.");
        b().WithCategorical(7, 4).WithCategoryEmbeddingDims(3).Invoking(x => x.Build()).Should().Throw<ArgumentException>()
            .WithMessage("CategoryEmbeddingDims has 1 entries but there are 2 categorical columns.");
        b().WithNumericalColumns(-1).Invoking(x => x.Build()).Should().Throw<ArgumentException>().WithMessage("NumericalColumns must be >= 0*");
        b().WithNumericalColumns(3).WithWidth(2).Invoking(x => x.Build()).Should().Throw<ArgumentException>().WithMessage("Width (d_model) must be >= 4*");
        b().WithNumericalColumns(3).WithDropout(1.5).Invoking(x => x.Build()).Should().Throw<ArgumentException>().WithMessage("Dropout must be in [0, 1]*");
        b().WithNumericalColumns(3).WithBlocks(-1).Invoking(x => x.Build()).Should().Throw<ArgumentException>().WithMessage("Blocks must be >= 0*");
        b().WithNumericalColumns(3, ["x"]).Invoking(x => x.Build()).Should().Throw<ArgumentException>().WithMessage("NumericalNames has 1 names but there are 3*");
        b().WithNumericalColumns(3).WithWidth(8).WithBlockKind(TabularBlockKind.Bottleneck).WithBottleneckReduction(16)
            .Invoking(x => x.Build()).Should().Throw<ArgumentException>().WithMessage("BottleneckReduction 16 does not fit Width 8.");
    }
}
