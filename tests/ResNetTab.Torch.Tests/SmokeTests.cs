using ResNetTab.Torch;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

public class SmokeTests
{
    [Fact]
    public void Adds_two_tensors()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = tensor(new float[] { 10, 20, 30 });
        using var c = a + b;
        c.ReadAll<float>().Should().Equal(11, 22, 33);
        c.ToString().Should().Be("[3], type = Float32, device = cpu, values = [11, 22, 33]");
    }
}
