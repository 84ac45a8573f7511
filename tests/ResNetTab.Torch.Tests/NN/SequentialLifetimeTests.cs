using ResNetTab.Torch.Lifetime;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests.NN;

/// <summary>Sequential frees its intermediate results itself, so a forward outside a dispose scope leaves only its output.</summary>
[Collection(NativeMemoryCollection.Name)]
public sealed class SequentialLifetimeTests
{
    [Fact]
    public void Intermediates_are_freed_and_the_input_and_output_survive()
    {
        using var model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Identity(), nn.Linear(8, 2), nn.ReLU(inplace: true));
        using var x = randn(3, 4);
        using (no_grad()) model.call(x).Dispose(); // warm-up
        var live = TensorStatistics.LiveCount;
        Tensor y;
        using (no_grad()) y = model.call(x);
        TensorStatistics.LiveCount.Should().Be(live + 1, "only the output is alive");
        y.shape.Should().Equal([3L, 2L]);
        x.shape.Should().Equal([3L, 4L], "the caller's input is not disposed");
        y.Dispose();
        TensorStatistics.LiveCount.Should().Be(live);
    }

    [Fact]
    public void Gradients_still_flow_through_freed_intermediates()
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var model = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 1));
        var x = randn(4, 3);
        model.call(x).sum().backward();
        var first = (Modules.Linear)model[0];
        first.weight.grad.Should().NotBeNull();
        first.weight.grad!.abs().sum().item<float>().Should().BeGreaterThan(0);
    }
}
