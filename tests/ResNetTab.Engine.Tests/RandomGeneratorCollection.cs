namespace ResNetTab.Engine.Tests;

/// <summary>Tests that draw from libtorch's global random generator run one at a time, so seeded draws repeat.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RandomGeneratorCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "libtorch global random generator";
}
