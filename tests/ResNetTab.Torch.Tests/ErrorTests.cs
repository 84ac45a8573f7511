using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

public class ErrorTests
{
    [Fact]
    public void Adding_mismatched_shapes_throws_libtorchs_message()
    {
        using var scope = NewDisposeScope();
        var a = ones(3);
        var b = ones(4);
        FluentActions.Invoking(() => a + b).Should().Throw<TorchException>()
            .Which.Message.Should().Contain("must match the size");
        FluentActions.Invoking(() => a.mul_(b)).Should().Throw<TorchException>().WithMessage("*must match the size*");
        FluentActions.Invoking(() => where(tensor(new[] { true, false }), a, b)).Should().Throw<TorchException>();
    }

    [Fact]
    public void Matmul_of_incompatible_shapes_throws()
    {
        using var scope = NewDisposeScope();
        var a = ones(2, 3);
        var b = ones(4, 5);
        FluentActions.Invoking(() => a.matmul(b)).Should().Throw<TorchException>().WithMessage("*cannot be multiplied*");
        FluentActions.Invoking(() => a.mm(b)).Should().Throw<TorchException>().WithMessage("*cannot be multiplied*");
        FluentActions.Invoking(() => a.bmm(b)).Should().Throw<TorchException>().WithMessage("*3D*");
        FluentActions.Invoking(() => ones(3).dot(ones(4))).Should().Throw<TorchException>();
        FluentActions.Invoking(() => cdist(ones(2, 3), ones(2, 4))).Should().Throw<TorchException>();
    }

    [Fact]
    public void Shape_op_errors_carry_libtorchs_message()
    {
        using var scope = NewDisposeScope();
        var x = ones(2, 3);
        FluentActions.Invoking(() => x.view(4)).Should().Throw<TorchException>().WithMessage("*invalid for input of size 6*");
        FluentActions.Invoking(() => x.reshape(-1, -1)).Should().Throw<TorchException>();
        FluentActions.Invoking(() => x.permute(0)).Should().Throw<TorchException>();
        FluentActions.Invoking(() => x.transpose(0, 2)).Should().Throw<TorchException>().WithMessage("*Dimension out of range*");
        FluentActions.Invoking(() => x.sum(5)).Should().Throw<TorchException>().WithMessage("*Dimension out of range*");
        FluentActions.Invoking(() => x.narrow(1, 2, 2)).Should().Throw<TorchException>();
        FluentActions.Invoking(() => x.expand(3, 3)).Should().Throw<TorchException>();
        FluentActions.Invoking(() => cat([x, ones(2, 2)])).Should().Throw<TorchException>().WithMessage("*Sizes of tensors must match*");
        FluentActions.Invoking(() => stack([x, ones(3, 2)])).Should().Throw<TorchException>();
        FluentActions.Invoking(() => cat(Array.Empty<Tensor>())).Should().Throw<TorchException>();
        FluentActions.Invoking(() => x.topk(4)).Should().Throw<TorchException>();
        FluentActions.Invoking(() => x.kthvalue(0)).Should().Throw<TorchException>();
    }

    [Fact]
    public void Errors_leave_the_binding_usable()
    {
        using var scope = NewDisposeScope();
        for (var i = 0; i < 100; i++)
            FluentActions.Invoking(() => ones(i + 2) + ones(i + 3)).Should().Throw<TorchException>();
        (ones(2) + ones(2)).ReadAll<float>().Should().Equal(2, 2);
    }
}
