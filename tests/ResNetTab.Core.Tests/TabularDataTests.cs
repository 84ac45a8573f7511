namespace ResNetTab.Core.Tests;

/// <summary>The row type: shapes, views, selection, schema and the index checks at a model's boundary.</summary>
public sealed class TabularDataTests
{
    private static readonly TabularSchema Schema = new(["bytes", "hour_sin"], ["class_uid", "net"], [5, 7]);

    // 3 rows × (2 numerical + 2 categorical).
    private static TabularData Rows(long lastIndex = 6) => new(
        new[] { 0f, 1f, 10f, 11f, 20f, 21f },
        new long[] { 1, 2, 3, 4, 4, lastIndex },
        3,
        Schema,
        [new RecordLocation("a.jsonl", 1, 1, 0, 0), null, new RecordLocation("a.jsonl", 3, 1, 40, 2)]);

    [Fact]
    public void Shape_mismatches_are_refused_with_the_counts()
    {
        var numerical = () => new TabularData(new float[5], new long[6], 3, 2, 2);
        numerical.Should().Throw<ArgumentException>().WithMessage("The numerical block holds 5 values; 3 rows × 2 columns need 6.*");
        var categorical = () => new TabularData(new float[6], new long[7], 3, Schema);
        categorical.Should().Throw<ArgumentException>().WithMessage("The categorical block holds 7 values; 3 rows × 2 columns need 6.*");
        var locations = () => new TabularData(new float[6], new long[6], 3, Schema, [null, null]);
        locations.Should().Throw<ArgumentException>().WithMessage("There are 2 locations for 3 rows*");
        var negative = () => new TabularData(new float[0], new long[0], -1, 0, 0);
        negative.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Schema_is_checked_and_copied()
    {
        var short_ = () => new TabularSchema(["x"], ["a", "b"], [3]);
        short_.Should().Throw<ArgumentException>().WithMessage("The schema has 2 categorical columns but 1 cardinalities*");
        var zero = () => new TabularSchema([], ["a"], [0]);
        zero.Should().Throw<ArgumentException>().WithMessage("Categorical column 0 ('a') has cardinality 0*");
        var names = new List<string> { "x" };
        var schema = new TabularSchema(names, ["a"], [3]);
        names[0] = "changed";
        schema.NumericalNames.Should().Equal("x");
        schema.ColumnNames.Should().Equal("x", "a");
        schema.CategoricalIndexOf("a").Should().Be(0);
        var missing = () => schema.NumericalIndexOf("nope");
        missing.Should().Throw<KeyNotFoundException>().WithMessage("No numerical column named 'nope'*");
    }

    [Fact]
    public void Row_accessors_read_by_index_and_by_name()
    {
        var rows = Rows();
        rows.NumericalRow(1).ToArray().Should().Equal(10f, 11f);
        rows.CategoricalRow(2).ToArray().Should().Equal(4L, 6L);
        rows.GetNumerical(2, "hour_sin").Should().Be(21f);
        rows.GetCategorical(0, "net").Should().Be(2L);
        Action outside = () => rows.NumericalRow(3);
        outside.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Row 3 is outside [0, 3)*");
        var noSchema = () => new TabularData(new float[2], new long[0], 1, 2, 0).GetNumerical(0, "x");
        noSchema.Should().Throw<InvalidOperationException>().WithMessage("*no schema*");
    }

    [Fact]
    public void Slice_is_a_view_sharing_memory_schema_and_locations()
    {
        var rows = Rows();
        var view = rows.Slice(1, 2);
        view.Rows.Should().Be(2);
        view.Schema.Should().BeSameAs(rows.Schema);
        view.Numerical.ToArray().Should().Equal(10f, 11f, 20f, 21f);
        view.Categorical.ToArray().Should().Equal(3L, 4L, 4L, 6L);
        view.Locations.Should().Equal(null, new RecordLocation("a.jsonl", 3, 1, 40, 2));

        view.NumericalRow(0)[1] = 99f;
        rows.NumericalRow(1)[1].Should().Be(99f);
        rows.Categorical.Span[5] = 1;
        view.CategoricalRow(1)[1].Should().Be(1L);

        rows.Slice(3, 0).Rows.Should().Be(0);
        var outside = () => rows.Slice(2, 2);
        outside.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Rows [2, 4) are outside the 3 rows*");
    }

    [Fact]
    public void Select_copies_rows_in_order_with_repeats()
    {
        var rows = Rows();
        var selected = rows.Select([2, 0, 2]);
        selected.Rows.Should().Be(3);
        selected.Numerical.ToArray().Should().Equal(20f, 21f, 0f, 1f, 20f, 21f);
        selected.Categorical.ToArray().Should().Equal(4L, 6L, 1L, 2L, 4L, 6L);
        selected.Locations!.Select(l => l?.Index).Should().Equal(2L, 0L, 2L);
        selected.Schema.Should().BeSameAs(Schema);

        selected.NumericalRow(0)[0] = -1f;
        rows.NumericalRow(2)[0].Should().Be(20f);
        var outside = () => rows.Select([0, 3]);
        outside.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Selected row 1 is 3, outside [0, 3)*");
    }

    [Fact]
    public void Categorical_indices_are_checked_against_the_schema_naming_row_column_and_value()
    {
        Rows().EnsureCategoriesInRange();
        var act = () => Rows(lastIndex: 7).EnsureCategoriesInRange();
        act.Should().Throw<ArgumentException>().WithMessage("The rows hold index 7 at row 2, categorical column 1 ('net'), outside [0, 7).");
        var negative = () => Rows(lastIndex: -1).Slice(2, 1).EnsureCategoriesInRange();
        negative.Should().Throw<ArgumentException>().WithMessage("The rows hold index -1 at row 0, categorical column 1 ('net'), outside [0, 7).");
        // Without a schema there is nothing to check against; models check their own cardinalities.
        new TabularData(new float[0], new long[] { 1000 }, 1, 0, 1).EnsureCategoriesInRange();
    }

    [Fact]
    public void Model_boundary_check_names_columns_and_applies_both_cardinalities()
    {
        var rows = Rows();
        rows.EnsureFits(2, [5, 8], "training rows");
        var model = () => rows.EnsureFits(2, [5, 6], "training rows");
        model.Should().Throw<ArgumentException>().WithMessage("The training rows hold index 6 at row 2, categorical column 1 ('net'), outside [0, 6).");
        var schema = () => Rows(lastIndex: 7).EnsureFits(2, [5, 8], "rows to score");
        schema.Should().Throw<ArgumentException>().WithMessage("The rows to score hold index 7 at row 2, categorical column 1 ('net'), outside [0, 7).");
        var width = () => rows.EnsureFits(3, [5, 7], "rows");
        width.Should().Throw<ArgumentException>().WithMessage("The rows have 2 numerical columns but the model expects 3.");
        rows.NumericalRow(1)[0] = float.NaN;
        var nan = () => rows.EnsureFits(2, [5, 7], "rows");
        nan.Should().Throw<ArgumentException>().WithMessage("The rows hold NaN at row 1, numerical column 0 ('bytes'); impute or drop it first.");
    }
}
