using ResNetTab.Engine.Serialization;
using static TorchSharp.torch;

namespace ResNetTab.Engine.StateDicts;

/// <summary>
/// State-dict loading by name with one report of every mismatch, and safetensors files with PyTorch's
/// names for any TorchSharp module.
/// </summary>
public static class StateDictExtensions
{
    /// <summary>
    /// Copies tensors into the module's parameters and persistent buffers, matched by name (never by
    /// position), under no_grad, converting dtype and device. Shape mismatches are always errors; with
    /// <paramref name="strict"/> missing and unexpected keys are too. Nothing is copied unless everything fits.
    /// </summary>
    /// <param name="module">The module to fill.</param>
    /// <param name="stateDict">Name → tensor, e.g. a <see cref="SafetensorsFile"/> or another module's <c>state_dict()</c>.</param>
    /// <param name="strict">Whether the keys must match exactly.</param>
    /// <returns>The keys left out (empty in strict mode).</returns>
    /// <exception cref="StateDictMismatchException">Keys or shapes do not fit; the message lists all of them.</exception>
    public static LoadStateDictResult LoadStateDict(this nn.Module module, IEnumerable<KeyValuePair<string, Tensor>> stateDict, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(stateDict);
        var source = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, value) in stateDict) source[key] = value;
        var own = module.OrderedStateDict();

        var missing = own.Keys.Where(k => !source.ContainsKey(k)).ToList();
        var unexpected = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var mismatched = new List<string>();
        foreach (var (key, target) in own)
        {
            if (!source.TryGetValue(key, out var value)) continue;
            if (!target.shape.SequenceEqual(value.shape))
                mismatched.Add($"size mismatch for {key}: copying a tensor with shape [{string.Join(", ", value.shape)}] from the state dict, the shape in the current model is [{string.Join(", ", target.shape)}]");
        }
        if (mismatched.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
            throw new StateDictMismatchException(module.GetName() ?? module.GetType().Name, missing, unexpected, mismatched, strict);

        using (no_grad())
        {
            foreach (var (key, target) in own)
                if (source.TryGetValue(key, out var value)) target.copy_(value);
        }
        return new LoadStateDictResult(missing, unexpected);
    }

    /// <summary>
    /// The module's parameters and persistent buffers under PyTorch's dotted names, in PyTorch's order (each
    /// module's own parameters, then its own buffers, then its children depth first); TorchSharp's
    /// <c>state_dict()</c> has the same entries in another order.
    /// </summary>
    /// <param name="module">The module.</param>
    /// <returns>Name → tensor (the module's own tensors, not copies).</returns>
    public static OrderedDictionary<string, Tensor> OrderedStateDict(this nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        Collect(module, "", result);
        return result;
    }

    private static void Collect(nn.Module module, string prefix, OrderedDictionary<string, Tensor> into)
    {
        foreach (var (name, parameter) in module.named_parameters(recurse: false)) into.TryAdd(prefix + name, parameter);
        foreach (var (name, buffer) in module.named_buffers(recurse: false, include_nonpersistent: false)) into.TryAdd(prefix + name, buffer);
        foreach (var (name, child) in module.named_children()) Collect(child, prefix + name + ".", into);
    }

    /// <summary>
    /// Saves the module's state dict (parameters and persistent buffers, PyTorch's dotted names) as a
    /// safetensors file, atomically, with a SHA-256 over the whole file (<see cref="Safetensors.ChecksumKey"/>) that
    /// <see cref="LoadSafetensors"/> verifies; PyTorch reads it with <c>safetensors.torch.load_file</c>.
    /// </summary>
    /// <param name="module">The module to save.</param>
    /// <param name="path">The file to write (replaced only once the new content is complete).</param>
    /// <param name="metadata">Optional string metadata stored in the file's header.</param>
    public static void SaveSafetensors(this nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        Safetensors.Save(path, module.OrderedStateDict(), metadata);
    }

    /// <summary>Loads a safetensors file (e.g. written by PyTorch's <c>safetensors.torch.save_file</c>) into the module by name.</summary>
    /// <param name="module">The module to fill.</param>
    /// <param name="path">The safetensors file.</param>
    /// <param name="strict">Whether the keys must match exactly.</param>
    /// <returns>The keys left out (empty in strict mode).</returns>
    /// <exception cref="StateDictMismatchException">Keys or shapes do not fit.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid safetensors file.</exception>
    public static LoadStateDictResult LoadSafetensors(this nn.Module module, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var file = Safetensors.Load(path);
        return module.LoadStateDict(file, strict);
    }
}
