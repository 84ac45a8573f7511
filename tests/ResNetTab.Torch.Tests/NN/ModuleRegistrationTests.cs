using ResNetTab.Torch.Modules;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests.NN;

public class ModuleRegistrationTests
{
    /// <summary>A linear map written with raw parameters (no library layers), like a user's own module.</summary>
    private sealed class Affine : nn.Module<Tensor, Tensor>
    {
        private readonly Parameter weight;
        private readonly Parameter bias;

        public Affine(int inputs, int outputs)
        {
            weight = nn.Parameter(randn(outputs, inputs));
            bias = nn.Parameter(zeros(outputs));
        }

        public override Tensor forward(Tensor input) => input.matmul(weight.t()) + bias;
    }

    private sealed class Block : nn.Module<Tensor, Tensor>
    {
        private readonly Affine fc1 = new(4, 8);
        private readonly Affine fc2 = new(8, 4);
        [Buffer] private readonly Tensor running_scale = ones(4);
        [Buffer(persistent: false)] private readonly Tensor cache = zeros(1);

        public Block() => RegisterComponents(); // buffers survive a dispose scope around construction

        public override Tensor forward(Tensor input) => fc2.call(fc1.call(input).relu()) * running_scale;
    }

    private class PlainBlock : nn.Module<Tensor, Tensor>
    {
        protected readonly Affine fc1 = new(4, 4);
        public override Tensor forward(Tensor input) => fc1.call(input);
    }

    /// <summary>A subclass adding fields: they are registered too, after the base's.</summary>
    private sealed class GatedBlock : PlainBlock
    {
        private readonly Parameter gate = nn.Parameter(ones(1));
        private readonly Affine fc2 = new(4, 4);
        public override Tensor forward(Tensor input) => fc2.call(base.forward(input)) * gate;
    }

    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential features = nn.Sequential(new Affine(4, 4), new Block());
        private readonly ModuleList<Affine> heads = nn.ModuleList(new Affine(4, 2), new Affine(4, 3));
        [ComponentName("classifier")] private readonly Affine head = new(4, 1);

        public override Tensor forward(Tensor input) => head.call(features.call(input));
    }

    [Fact]
    public void Names_follow_PyTorch_for_fields_Sequential_and_ModuleList()
    {
        using var net = new Net();
        net.state_dict().Keys.Should().Equal(
            "features.0.weight", "features.0.bias",
            "features.1.running_scale",
            "features.1.fc1.weight", "features.1.fc1.bias",
            "features.1.fc2.weight", "features.1.fc2.bias",
            "heads.0.weight", "heads.0.bias", "heads.1.weight", "heads.1.bias",
            "classifier.weight", "classifier.bias");
        net.named_buffers().Select(b => b.name).Should().Equal("features.1.running_scale", "features.1.cache");
        net.named_modules().Select(m => m.name).Should().Equal(
            "", "features", "features.0", "features.1", "features.1.fc1", "features.1.fc2", "heads", "heads.0", "heads.1", "classifier");
        net.parameter_count().Should().Be(4 * 4 + 4 + (8 * 4 + 8) + (4 * 8 + 4) + (2 * 4 + 2) + (3 * 4 + 3) + (4 + 1));
    }

    [Fact]
    public void A_subclass_with_a_new_field_is_registered()
    {
        using var m = new GatedBlock();
        // PyTorch's order: the module's own parameters first, then each child's.
        m.named_parameters().Select(p => p.name).Should().Equal("gate", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
        m.state_dict().Keys.Should().Equal("gate", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
    }

    private sealed class Forgetful : nn.Module<Tensor, Tensor>
    {
        private readonly Tensor scale = ones(1); // neither [Buffer] nor [NotAComponent]
        public override Tensor forward(Tensor input) => input * scale;
    }

    private sealed class ListHolder : nn.Module<Tensor, Tensor>
    {
        private readonly List<Affine> layers = [new Affine(2, 2)];
        public override Tensor forward(Tensor input) => layers[0].call(input);
    }

    [Fact]
    public void Unregistrable_fields_fail_loudly_naming_the_field()
    {
        using var f = new Forgetful();
        FluentActions.Invoking(() => f.parameters().ToList()).Should().Throw<InvalidOperationException>()
            .WithMessage("*Forgetful.scale is a Tensor field*[Buffer]*");
        using var l = new ListHolder();
        FluentActions.Invoking(() => l.call(ones(1, 2))).Should().Throw<InvalidOperationException>()
            .WithMessage("*ListHolder.layers*ModuleList*");
    }

    private sealed class BufferHolder : nn.Module<Tensor, Tensor>
    {
        [Buffer] private readonly Tensor scale = ones(1);
        public override Tensor forward(Tensor input) => input * scale;
    }

    [Fact]
    public void A_buffer_freed_by_a_scope_before_registration_is_reported_clearly()
    {
        BufferHolder m;
        using (NewDisposeScope()) m = new BufferHolder();
        FluentActions.Invoking(() => m.buffers().ToList()).Should().Throw<InvalidOperationException>()
            .WithMessage("*BufferHolder.scale holds a tensor that was disposed*RegisterComponents()*");
    }

    [Fact]
    public void Train_eval_and_requires_grad_reach_every_submodule()
    {
        using var net = new Net();
        net.eval();
        net.modules().Should().OnlyContain(m => !m.training);
        net.train();
        net.modules().Should().OnlyContain(m => m.training);
        net.requires_grad_(false);
        net.parameters().Should().OnlyContain(p => !p.requires_grad);
        net.parameter_count(trainable_only: true).Should().Be(0);
    }

    [Fact]
    public void Parameters_outlive_the_dispose_scope_the_module_was_built_in()
    {
        Net net;
        using (NewDisposeScope()) net = new Net();
        using (net)
        {
            using var x = ones(2, 4);
            using var y = net.call(x);
            y.shape.Should().Equal(2, 1);
        }
        net.parameters().Should().OnlyContain(p => p.IsInvalid);
    }

    [Fact]
    public void Gradients_flow_and_zero_grad_clears_them()
    {
        using var net = new Net();
        using (NewDisposeScope())
        {
            net.call(ones(3, 4)).sum().backward();
        }
        foreach (var (name, p) in net.named_parameters())
        {
            using var g = p.grad;
            // The heads are not used by forward, so they get no gradient, as in PyTorch.
            if (name.StartsWith("heads.", StringComparison.Ordinal)) g.Should().BeNull();
            else g.Should().NotBeNull(name);
        }
        net.zero_grad();
        foreach (var p in net.parameters().Where(p => p.grad is not null))
        {
            using var g = p.grad!;
            g.abs().sum().item<float>().Should().Be(0);
        }
        net.zero_grad(set_to_none: true);
        net.parameters().Should().OnlyContain(p => p.grad == null);
    }

    [Fact]
    public void to_dtype_keeps_parameter_objects()
    {
        using var net = new Net();
        var before = net.parameters().ToList();
        net.to(float64);
        net.parameters().Should().Equal(before, (a, b) => ReferenceEquals(a, b));
        net.parameters().Should().OnlyContain(p => p.dtype == float64 && p.is_leaf && p.requires_grad);
        net.buffers().Should().OnlyContain(b => b.dtype == float64);
    }

    [Fact]
    public void apply_visits_children_before_the_parent()
    {
        using var net = new Net();
        var visited = new List<string>();
        net.apply(m => visited.Add(m.GetName()));
        visited.Last().Should().Be(nameof(Net));
        visited.First().Should().Be(nameof(Affine));
    }

    [Fact]
    public void Enumerations_can_be_repeated()
    {
        using var net = new Net();
        var modules = net.modules();
        modules.Count().Should().Be(10);
        modules.Count().Should().Be(10);
        using var empty = new Sequential();
        empty.append(new Affine(2, 2));
        empty.Count.Should().Be(1);
    }

    [Fact]
    public void ToString_prints_the_tree()
    {
        using var net = new Net();
        net.ToString().Should().StartWith("Net(\n  (features): Sequential(\n    (0): Affine()");
    }
}
