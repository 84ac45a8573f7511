using System.Diagnostics.CodeAnalysis;
using static TorchSharp.torch;

using TorchSharp;

namespace ResNetTab.Engine.Serialization;

/// <summary>
/// The tensors of a safetensors file, by name in the file's header order, with its metadata. The
/// container owns the tensors (they belong to no dispose scope): disposing it disposes them.
/// </summary>
public sealed class SafetensorsFile : IReadOnlyDictionary<string, Tensor>, IDisposable
{
    private readonly OrderedDictionary<string, Tensor> tensors;
    private bool disposed;

    internal SafetensorsFile(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string> metadata, bool hasChecksum)
    {
        HasChecksum = hasChecksum;
        Path = path;
        this.tensors = new OrderedDictionary<string, Tensor>(tensors, StringComparer.Ordinal);
        Metadata = metadata;
    }

    /// <summary>The file the tensors were read from.</summary>
    public string Path { get; }

    /// <summary>The file's <c>__metadata__</c> map (empty when it has none), without the <see cref="Safetensors.ChecksumKey"/> entry.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Whether the file carried a <see cref="Safetensors.ChecksumKey"/> checksum, verified on loading (files from other writers have none).</summary>
    public bool HasChecksum { get; }

    /// <summary>The tensor named <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The file has no such tensor.</exception>
    public Tensor this[string key]
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return tensors.TryGetValue(key, out var t) ? t : throw new KeyNotFoundException($"'{Path}' holds no tensor named '{key}'.");
        }
    }

    /// <summary>The tensor names in header order.</summary>
    public IEnumerable<string> Keys => tensors.Keys;

    /// <summary>The tensors in header order.</summary>
    public IEnumerable<Tensor> Values => tensors.Values;

    /// <summary>Number of tensors.</summary>
    public int Count => tensors.Count;

    /// <summary>True when the file holds a tensor named <paramref name="key"/>.</summary>
    public bool ContainsKey(string key) => tensors.ContainsKey(key);

    /// <summary>The tensor named <paramref name="key"/>, if any.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Tensor value)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return tensors.TryGetValue(key, out value);
    }

    /// <summary>Name/tensor pairs in header order.</summary>
    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return tensors.GetEnumerator();
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Disposes every tensor. Safe to call more than once.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var t in tensors.Values) t.Dispose();
    }
}
