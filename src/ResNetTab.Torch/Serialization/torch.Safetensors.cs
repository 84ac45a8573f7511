using ResNetTab.Torch.Serialization;

namespace ResNetTab.Torch;

public static partial class torch
{
    /// <summary>
    /// Saves named tensors (a state dict) to a safetensors file, atomically. See
    /// <see cref="Safetensors.Save(string, IEnumerable{KeyValuePair{string, Tensor}}, IReadOnlyDictionary{string, string}?)"/>.
    /// </summary>
    public static void save(IEnumerable<KeyValuePair<string, Tensor>> tensors, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        Safetensors.Save(path, tensors, metadata);

    /// <summary>
    /// Loads every tensor of a safetensors file, by name in file order; dispose the result to free
    /// them. See <see cref="Safetensors.Load(string)"/>.
    /// </summary>
    public static SafetensorsFile load_safetensors(string path) => Safetensors.Load(path);
}
