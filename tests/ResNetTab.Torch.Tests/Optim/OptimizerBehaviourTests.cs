using ResNetTab.Torch.Optimizers;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests.Optim;

/// <summary>Parameter groups, gradient handling, validation and error messages of optimizers and schedulers.</summary>
public class OptimizerBehaviourTests
{
    [Fact]
    public void Parameters_without_gradient_are_skipped_and_get_no_state()
    {
        var (w, b) = OptimOracle.Parameters();
        using var _w = w;
        using var _b = b;
        using var opt = optim.Adam([w, b], 0.1);
        using (NewDisposeScope()) (w.sin().sum()).backward(); // b gets no gradient
        var before = OptimOracle.Flat(w, b);
        opt.step();
        var after = OptimOracle.Flat(w, b);
        after[6..].Should().Equal(before[6..]);
        after[..6].Should().NotEqual(before[..6]);
        opt.state(b).Should().BeNull();
        opt.state(w)!.Scalar("step").Should().Be(1);
    }

    [Fact]
    public void Zero_grad_zeroes_or_removes_gradients()
    {
        var (w, b) = OptimOracle.Parameters();
        using var _w = w;
        using var _b = b;
        using var opt = optim.SGD([w, b], 0.1);
        OptimOracle.Backward(w, b);
        opt.zero_grad();
        using (NewDisposeScope()) w.grad!.abs().sum().item<double>().Should().Be(0);
        opt.zero_grad(set_to_none: true);
        using (NewDisposeScope())
        {
            w.grad.Should().BeNull();
            b.grad.Should().BeNull();
        }
    }

    [Fact]
    public void Groups_take_missing_options_from_defaults_and_are_writable()
    {
        var (w, b) = OptimOracle.Parameters();
        using var _w = w;
        using var _b = b;
        using var opt = optim.AdamW([new ParamGroup([w], lr: 0.5)], lr: 0.01, beta1: 0.8);
        opt.add_param_group(new ParamGroup([b], weight_decay: 0.3));
        opt.param_groups[0].lr.Should().Be(0.5);
        opt.param_groups[0].weight_decay.Should().Be(1e-2);
        opt.param_groups[1].lr.Should().Be(0.01);
        opt.param_groups[1].weight_decay.Should().Be(0.3);
        opt.param_groups[1]["beta1"].Should().Be(0.8);
        opt.param_groups[1].lr = 0.2;
        opt.state_dict().param_groups[1].options["lr"].Should().Be(0.2);
    }

    [Fact]
    public void Invalid_configurations_are_rejected_with_clear_messages()
    {
        var (w, b) = OptimOracle.Parameters();
        using var _w = w;
        using var _b = b;
        FluentActions.Invoking(() => optim.SGD([w], -1)).Should().Throw<ArgumentException>().WithMessage("*learning rate*");
        FluentActions.Invoking(() => optim.SGD([w], 0.1, nesterov: true)).Should().Throw<ArgumentException>().WithMessage("*Nesterov*");
        FluentActions.Invoking(() => optim.Adam([w], beta1: 1.0)).Should().Throw<ArgumentException>().WithMessage("*beta*");
        FluentActions.Invoking(() => optim.SGD(Array.Empty<Modules.Parameter>(), 0.1)).Should().Throw<ArgumentException>().WithMessage("*empty parameter list*");
        using var opt = optim.SGD([w, b], 0.1);
        FluentActions.Invoking(() => opt.add_param_group(new ParamGroup([b]))).Should().Throw<ArgumentException>().WithMessage("*more than one parameter group*");
    }

    [Fact]
    public void Load_state_dict_rejects_a_different_group_layout()
    {
        var (w, b) = OptimOracle.Parameters();
        using var _w = w;
        using var _b = b;
        using var one = optim.SGD([w, b], 0.1, momentum: 0.9);
        using var two = optim.SGD([new ParamGroup([w]), new ParamGroup([b])], 0.1, momentum: 0.9);
        using var sd = one.state_dict();
        FluentActions.Invoking(() => two.load_state_dict(sd)).Should().Throw<ArgumentException>().WithMessage("*parameter groups*");
    }

    [Fact]
    public void Schedulers_reject_bad_arguments()
    {
        var (w, b) = OptimOracle.Parameters();
        using var _w = w;
        using var _b = b;
        using var opt = optim.SGD([w, b], 0.1, momentum: 0.9);
        FluentActions.Invoking(() => optim.lr_scheduler.ReduceLROnPlateau(opt, factor: 1.0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => optim.lr_scheduler.ReduceLROnPlateau(opt, mode: "up")).Should().Throw<ArgumentException>().WithMessage("*mode*");
        FluentActions.Invoking(() => optim.lr_scheduler.OneCycleLR(opt, 0.5)).Should().Throw<ArgumentException>().WithMessage("*total_steps*");
        var cycle = optim.lr_scheduler.OneCycleLR(opt, 0.5, total_steps: 3);
        for (var i = 0; i < 3; i++) cycle.step();
        FluentActions.Invoking(cycle.step).Should().Throw<InvalidOperationException>().WithMessage("*total steps is 3*");
    }

    [Fact]
    public void Resuming_a_schedule_needs_initial_lr()
    {
        var (w, b) = OptimOracle.Parameters();
        using var _w = w;
        using var _b = b;
        using var opt = optim.SGD([w, b], 0.1);
        FluentActions.Invoking(() => optim.lr_scheduler.StepLR(opt, 3, last_epoch: 5)).Should().Throw<KeyNotFoundException>().WithMessage("*initial_lr*");
    }
}
