using ResNetTab.SelfSupervised;

namespace ResNetTab.SelfSupervised.Tests.Data;

/// <summary>Rows entering a model are checked against the model's cardinalities and their own schema.</summary>
public sealed class RowBoundaryTests
{
    [Fact]
    public void Indices_outside_the_schema_are_refused_by_name_where_rows_enter_a_model()
    {
        var plain = StructuredData.Create(30, seed: 3);
        var categorical = plain.Categorical.ToArray();
        categorical[(7 * 2) + 1] = 6; // within the model's 8 categories of c1, outside the schema's 6
        var schema = new TabularSchema(["x0", "x1", "x2", "x3"], ["c0", "c1"], [5, 6]);
        var rows = new TabularData(plain.Numerical, categorical, 30, schema);
        using var model = Pretrainer.CreateModel(StructuredData.Numerical, [5, 8], StructuredData.Recipe(epochs: 1));

        var embed = () => EmbeddingExtractor.Extract(model, rows);
        embed.Should().Throw<ArgumentException>().WithMessage("The rows to embed hold index 6 at row 7, categorical column 1 ('c1'), outside [0, 6).");
        using var pretrainer = new Pretrainer(model, StructuredData.Recipe(epochs: 1));
        var train = () => pretrainer.Fit(rows);
        train.Should().Throw<ArgumentException>().WithMessage("The training rows hold index 6 at row 7, categorical column 1 ('c1'), outside [0, 6).");

        // The same rows without the offending one embed like the schemaless copy.
        var clean = rows.Select([.. Enumerable.Range(0, 30).Where(r => r != 7)]);
        EmbeddingExtractor.Extract(model, clean).Values.ToArray()
            .Should().Equal(EmbeddingExtractor.Extract(model, plain.Select([.. Enumerable.Range(0, 30).Where(r => r != 7)])).Values.ToArray());
    }
}
