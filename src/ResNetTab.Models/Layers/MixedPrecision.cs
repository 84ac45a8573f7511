using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNetTab.Models.Layers;

/// <summary>
/// Mixed-precision matrix products in the spirit of <c>torch.autocast</c>: inside <see cref="Autocast"/>, the Linear
/// layers of ResNetTab's tabular modules and heads multiply in a reduced-precision compute type (bfloat16) while
/// parameters, optimizer state, normalisation, losses and every other operation stay float32. Gradients flow back
/// through the casts, so parameters receive float32 gradients.
/// </summary>
/// <remarks>
/// On CPUs with native bfloat16 dot products (AVX512-BF16 or AMX; <see cref="IsAccelerated"/>) libtorch multiplies a
/// 256 × 256 bfloat16 matrix 4–5× faster than float32; elsewhere bfloat16 is emulated and slower, so the setting is
/// opt-in. bfloat16 keeps float32's range with an 8-bit mantissa (products accumulate in float32): results differ
/// from float32 training at about 1e-2 relative, not bit for bit. The scope is per thread; Linear layers of user code
/// (and <c>nn.Sequential</c> classifiers) keep computing in float32 unless they call <see cref="Linear(TorchSharp.Modules.Linear, Tensor)"/>.
/// </remarks>
public static class MixedPrecision
{
    [ThreadStatic]
    private static ScalarType? current;

    private static readonly Lazy<bool> cpuHasBFloat16 = new(DetectCpuBFloat16);

    /// <summary>The compute type of the innermost active <see cref="Autocast"/> scope on this thread; null outside one.</summary>
    public static ScalarType? ComputeType => current;

    /// <summary>Makes Linear layers of ResNetTab modules compute in <paramref name="computeType"/> on this thread until the scope is disposed.</summary>
    /// <param name="computeType">The reduced-precision type; bfloat16 (the default) or float16.</param>
    /// <returns>The scope; disposing it restores the previous setting.</returns>
    /// <exception cref="ArgumentException">The type is not bfloat16 or float16.</exception>
    public static IDisposable Autocast(ScalarType computeType = ScalarType.BFloat16)
    {
        if (computeType is not (ScalarType.BFloat16 or ScalarType.Float16))
            throw new ArgumentException($"Mixed precision computes in BFloat16 or Float16, not {computeType}.", nameof(computeType));
        var scope = new Scope(current);
        current = computeType;
        return scope;
    }

    /// <summary>Whether <paramref name="computeType"/> matrix products run natively (faster than float32) on <paramref name="device"/>.</summary>
    /// <param name="computeType">The reduced-precision type.</param>
    /// <param name="device">The device; the CPU when null.</param>
    /// <returns>True for CUDA devices, and for bfloat16 on CPUs that report AVX512-BF16 or AMX-BF16 (Linux).</returns>
    public static bool IsAccelerated(ScalarType computeType = ScalarType.BFloat16, Device? device = null)
    {
        if (device is not null && device.type == TorchSharp.DeviceType.CUDA) return true;
        return computeType == ScalarType.BFloat16 && cpuHasBFloat16.Value;
    }

    /// <summary>
    /// <paramref name="layer"/> applied to <paramref name="input"/>: in float32 outside <see cref="Autocast"/>; inside it, with
    /// input, weight and bias cast to the compute type and the product cast back to float32.
    /// </summary>
    /// <param name="layer">The Linear layer (its parameters stay float32).</param>
    /// <param name="input">[*, in_features] input.</param>
    /// <returns>[*, out_features] output, float32 when the input is.</returns>
    public static Tensor Linear(Linear layer, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(input);
        return current is null || input.dtype != ScalarType.Float32 ? layer.call(input) : Linear(input, layer.weight!, layer.bias);
    }

    /// <summary>
    /// <c>input · weightᵀ + bias</c>: in float32 outside <see cref="Autocast"/>; inside it, computed in the compute type and
    /// cast back to float32 (for heads that use a slice of a fused weight).
    /// </summary>
    /// <param name="input">[*, in_features] input.</param>
    /// <param name="weight">[out_features, in_features] weight.</param>
    /// <param name="bias">[out_features] bias, or null.</param>
    /// <returns>[*, out_features] output.</returns>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (current is not { } type || input.dtype != ScalarType.Float32 || !WorthCasting(input, weight)) return nn.functional.linear(input, weight, bias);
        using var x = input.to(type);
        using var w = weight.to(type);
        using var b = bias?.to(type);
        using var output = nn.functional.linear(x, w, b);
        return output.to(ScalarType.Float32);
    }

    /// <summary>
    /// The smallest product (rows × in × out multiply-adds) computed in the compute type; smaller ones stay float32,
    /// because casting input, weight and output costs more than the faster product saves (a per-column head slice of
    /// 40 rows × 128 × 200 ran slower in bfloat16).
    /// </summary>
    public const long MinimumProductSize = 1L << 22;

    private static bool WorthCasting(Tensor input, Tensor weight)
    {
        var rows = input.numel() / Math.Max(1, input.shape[^1]);
        return rows * weight.shape[0] * weight.shape[1] >= MinimumProductSize;
    }

    private static bool DetectCpuBFloat16()
    {
        try
        {
            if (!OperatingSystem.IsLinux() || !File.Exists("/proc/cpuinfo")) return false;
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (!line.StartsWith("flags", StringComparison.Ordinal)) continue;
                var flags = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return flags.Contains("avx512_bf16") || flags.Contains("amx_bf16");
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return false;
    }

    private sealed class Scope(ScalarType? previous) : IDisposable
    {
        private bool disposed;

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            current = previous;
        }
    }
}
