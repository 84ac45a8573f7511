namespace ResNetTab.Models.Vision;

/// <summary>The first layers of a ResNet, before the residual stages.</summary>
public enum ResNetStem
{
    /// <summary>torchvision's ImageNet stem: 7×7 convolution with stride 2 and padding 3, norm, ReLU, 3×3 max-pool with stride 2 (4× down-sampling).</summary>
    ImageNet,

    /// <summary>The CIFAR stem: 3×3 convolution with stride 1 and padding 1, norm, ReLU, no max-pool (full resolution).</summary>
    Cifar,
}
