using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ResNetTab.Models.Vision;

/// <summary>The convolutions torchvision's ResNet is made of.</summary>
public static class VisionLayers
{
    /// <summary>3×3 convolution without bias, padded to keep the size at stride 1 (torchvision's <c>conv3x3</c>).</summary>
    /// <param name="inPlanes">Input channels.</param>
    /// <param name="outPlanes">Output channels.</param>
    /// <param name="stride">Stride.</param>
    /// <param name="groups">Convolution groups.</param>
    /// <param name="dilation">Dilation (also the padding).</param>
    /// <returns>The convolution.</returns>
    public static Conv2d Conv3x3(long inPlanes, long outPlanes, long stride = 1, long groups = 1, long dilation = 1) =>
        nn.Conv2d(inPlanes, outPlanes, kernel_size: 3, stride: stride, padding: dilation, dilation: dilation, groups: groups, bias: false);

    /// <summary>1×1 convolution without bias (torchvision's <c>conv1x1</c>).</summary>
    /// <param name="inPlanes">Input channels.</param>
    /// <param name="outPlanes">Output channels.</param>
    /// <param name="stride">Stride.</param>
    /// <returns>The convolution.</returns>
    public static Conv2d Conv1x1(long inPlanes, long outPlanes, long stride = 1) =>
        nn.Conv2d(inPlanes, outPlanes, kernel_size: 1, stride: stride, bias: false);

    /// <summary>
    /// Applies <paramref name="layers"/> in order, disposing each intermediate result once the next
    /// layer has consumed it (never <paramref name="input"/> itself).
    /// </summary>
    /// <param name="input">The first layer's input; left to the caller.</param>
    /// <param name="layers">The layers to apply.</param>
    /// <returns>The last layer's output (<paramref name="input"/> itself when no layers are given).</returns>
    public static Tensor Apply(Tensor input, params nn.Module<Tensor, Tensor>[] layers)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(layers);
        var x = input;
        foreach (var layer in layers)
        {
            var y = layer.call(x);
            if (!ReferenceEquals(x, input) && !ReferenceEquals(y, x)) x.Dispose();
            x = y;
        }
        return x;
    }
}
