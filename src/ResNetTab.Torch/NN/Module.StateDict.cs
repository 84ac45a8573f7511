using ResNetTab.Torch.Modules;

namespace ResNetTab.Torch
{

    public static partial class torch
    {
        public static partial class nn
        {
            public abstract partial class Module
            {
                /// <summary>
                /// Parameters and persistent buffers by dotted name, in PyTorch's order (a module's own
                /// parameters, then its buffers, then each child's entries). The tensors are the module's
                /// own (not copies): do not dispose them.
                /// </summary>
                public OrderedDictionary<string, Tensor> state_dict()
                {
                    var result = new OrderedDictionary<string, Tensor>();
                    CollectState("", result);
                    return result;
                }

                private void CollectState(string prefix, OrderedDictionary<string, Tensor> into)
                {
                    foreach (var (name, p) in OwnParameters())
                        if (p is not null) into[Join(prefix, name)] = p;
                    foreach (var (name, b) in OwnBuffers())
                        if (b is not null && IsPersistentBuffer(name)) into[Join(prefix, name)] = b;
                    foreach (var (name, child) in named_children())
                        child.CollectState(Join(prefix, name), into);
                }

                /// <summary>
                /// Copies tensors into this module's parameters and buffers by name (never by position),
                /// under no_grad, converting dtype and device as needed. Shape mismatches always fail; in
                /// strict mode missing and unexpected keys fail too, all reported in one error.
                /// </summary>
                /// <exception cref="StateDictMismatchException">Keys or shapes do not match.</exception>
                public LoadStateDictResult load_state_dict(IEnumerable<KeyValuePair<string, Tensor>> state_dict, bool strict = true)
                {
                    ArgumentNullException.ThrowIfNull(state_dict);
                    var source = new Dictionary<string, Tensor>();
                    foreach (var (k, v) in state_dict) source[k] = v;
                    var own = this.state_dict();

                    var missing = own.Keys.Where(k => !source.ContainsKey(k)).ToList();
                    var unexpected = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
                    var mismatched = new List<string>();
                    foreach (var (key, target) in own)
                    {
                        if (!source.TryGetValue(key, out var value)) continue;
                        var ts = target.shape;
                        var vs = value.shape;
                        if (!ts.SequenceEqual(vs))
                            mismatched.Add($"size mismatch for {key}: copying a tensor with shape [{string.Join(", ", vs)}] from the state dict, the shape in the current model is [{string.Join(", ", ts)}]");
                    }
                    if (mismatched.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
                        throw new StateDictMismatchException(Name, missing, unexpected, mismatched, strict);

                    using (no_grad())
                    {
                        foreach (var (key, target) in own)
                            if (source.TryGetValue(key, out var value)) target.copy_(value);
                    }
                    return new LoadStateDictResult(missing, unexpected);
                }
            }
        }
    }
}

namespace ResNetTab.Torch.Modules
{
    /// <summary>Keys that did not match in a non-strict <c>load_state_dict</c>.</summary>
    /// <param name="missing_keys">Keys the module has but the state dict lacks.</param>
    /// <param name="unexpected_keys">Keys the state dict has but the module lacks.</param>
    public sealed record LoadStateDictResult(IReadOnlyList<string> missing_keys, IReadOnlyList<string> unexpected_keys);

    /// <summary>A state dict does not fit a module: lists every missing, unexpected and mis-shaped key.</summary>
    public sealed class StateDictMismatchException : Exception
    {
        /// <summary>Creates the exception with every problem found.</summary>
        public StateDictMismatchException(string module, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched, bool strict)
            : base(Describe(module, missing, unexpected, mismatched, strict))
        {
            MissingKeys = missing;
            UnexpectedKeys = unexpected;
            ShapeMismatches = mismatched;
        }

        /// <summary>Keys the module has but the state dict lacks.</summary>
        public IReadOnlyList<string> MissingKeys { get; }

        /// <summary>Keys the state dict has but the module lacks.</summary>
        public IReadOnlyList<string> UnexpectedKeys { get; }

        /// <summary>One message per key whose shape differs.</summary>
        public IReadOnlyList<string> ShapeMismatches { get; }

        private static string Describe(string module, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> mismatched, bool strict)
        {
            var parts = new List<string>();
            if (strict && missing.Count > 0) parts.Add("Missing key(s) in state_dict: " + string.Join(", ", missing.Select(k => $"\"{k}\"")) + ".");
            if (strict && unexpected.Count > 0) parts.Add("Unexpected key(s) in state_dict: " + string.Join(", ", unexpected.Select(k => $"\"{k}\"")) + ".");
            parts.AddRange(mismatched.Select(m => m + "."));
            return $"Error(s) in loading state_dict for {module}:\n\t" + string.Join("\n\t", parts);
        }
    }
}
