namespace ResNetTab.Engine.StateDicts;

/// <summary>What a non-strict <see cref="StateDictExtensions.LoadStateDict"/> left out, as PyTorch's <c>load_state_dict</c> reports it.</summary>
/// <param name="MissingKeys">Keys of the module that the source did not have (left unchanged).</param>
/// <param name="UnexpectedKeys">Keys of the source that the module does not have (ignored).</param>
public sealed record LoadStateDictResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);
