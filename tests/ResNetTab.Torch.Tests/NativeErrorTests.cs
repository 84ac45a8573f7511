using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

public class NativeErrorTests
{
    [Fact]
    public void A_libtorch_error_becomes_a_TorchException_with_libtorchs_message()
    {
        using var a = ones(3);
        using var b = ones(4);
        var act = () => a + b;
        act.Should().Throw<TorchException>()
            .Which.Message.Should().Contain("The size of tensor a (3) must match the size of tensor b (4)");
    }

    [Fact]
    public void The_process_survives_many_errors_and_keeps_working()
    {
        for (var i = 0; i < 1000; i++)
            FluentActions.Invoking(() => RaiseForTest($"failure {i}")).Should().Throw<TorchException>().WithMessage($"failure {i}*");
        using var ok = ones(2) * 3;
        ok.ReadAll<float>().Should().Equal(3, 3);
    }

    [Fact]
    public void Errors_are_per_thread()
    {
        var messages = new string[4];
        Parallel.For(0, 4, i =>
        {
            try { RaiseForTest($"thread {i}"); }
            catch (TorchException e) { messages[i] = e.Message; }
        });
        for (var i = 0; i < 4; i++) messages[i].Should().StartWith($"thread {i}");
    }

    [Fact]
    public void Bad_shapes_are_rejected_before_reaching_libtorch()
    {
        FluentActions.Invoking(() => tensor(new float[] { 1, 2, 3 }, [2, 2])).Should().Throw<ArgumentException>().WithMessage("*3 values cannot fill shape [2, 2]*");
        FluentActions.Invoking(() => zeros(2, -1)).Should().Throw<ArgumentException>().WithMessage("*negative dimension -1*");
    }

    [Fact]
    public void Reports_the_native_versions()
    {
        __version__.Should().StartWith("1.13");
        cuda.is_available().Should().Be(cuda.device_count() > 0);
    }
}
