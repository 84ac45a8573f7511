using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

public class AutogradTests
{
    // ---- gradients against float64 central finite differences computed here -----------------

    /// <summary>Distinct values ≥ 0.0123 away from zero: ((37 i + offset) mod 101 − 50) × scale + 0.0123.</summary>
    private static (double[] values, long[] shape) V(long[] shape, int offset = 0, double scale = 0.0713, double shift = 0.0123)
    {
        var n = (int)shape.Aggregate(1L, (a, b) => a * b);
        var v = new double[n];
        for (var i = 0; i < n; i++) v[i] = ((37 * i + offset) % 101 - 50) * scale + shift;
        return (v, shape);
    }

    /// <summary>Distinct positive values in [0.15, 3.7].</summary>
    private static (double[] values, long[] shape) P(long[] shape, int offset = 0)
    {
        var (v, s) = V(shape, offset, 0.0355, 0);
        return (v.Select(x => x + 1.93).ToArray(), s);
    }

    private static Tensor Long(params long[] v) => tensor(v);

    private sealed record GradCase(Func<Tensor[], Tensor> F, (double[] values, long[] shape)[] Inputs);

    private static GradCase G(Func<Tensor[], Tensor> f, params (double[] values, long[] shape)[] inputs) => new(f, inputs);

    private static readonly Dictionary<string, GradCase> GradCases = new()
    {
        ["add_broadcast"] = G(x => x[0] + x[1], V([2, 3]), V([3], 5)),
        ["sub_scalar_left"] = G(x => 2.5 - x[0] - x[1], V([2, 3]), V([2, 3], 7)),
        ["mul"] = G(x => x[0] * x[1], V([2, 3]), V([2, 3], 9)),
        ["mul_scalar"] = G(x => x[0] * 3.0 + x[0] * 2, V([4])),
        ["div"] = G(x => x[0] / x[1], V([2, 3]), P([2, 3], 3)),
        ["div_scalar_left"] = G(x => 1.5 / x[0], P([5])),
        ["neg"] = G(x => -x[0], V([3])),
        ["pow_scalar"] = G(x => x[0].pow(3.0), V([2, 3])),
        ["pow_fractional"] = G(x => x[0].pow(1.7), P([2, 3])),
        ["pow_tensor"] = G(x => x[0].pow(x[1]), P([2, 3]), V([2, 3], 4)),
        ["square"] = G(x => x[0].square(), V([5])),
        ["exp"] = G(x => x[0].exp(), V([2, 3])),
        ["log"] = G(x => x[0].log(), P([2, 3])),
        ["log1p"] = G(x => x[0].log1p(), P([4])),
        ["sqrt"] = G(x => x[0].sqrt(), P([2, 3])),
        ["rsqrt"] = G(x => x[0].rsqrt(), P([4])),
        ["reciprocal"] = G(x => x[0].reciprocal(), P([4])),
        ["sigmoid"] = G(x => x[0].sigmoid(), V([2, 3], 0, 0.3)),
        ["tanh"] = G(x => x[0].tanh(), V([2, 3], 0, 0.3)),
        ["relu_away_from_zero"] = G(x => x[0].relu(), V([3, 4])),
        ["gelu"] = G(x => x[0].gelu(), V([3, 4], 0, 0.1)),
        ["gelu_tanh"] = G(x => x[0].gelu("tanh"), V([3, 4], 0, 0.1)),
        ["sin_cos"] = G(x => x[0].sin() * x[0].cos(), V([4])),
        ["softmax_dim1"] = G(x => x[0].softmax(1), V([3, 4], 0, 0.2)),
        ["softmax_dim0"] = G(x => x[0].softmax(0), V([3, 4], 0, 0.2)),
        ["log_softmax"] = G(x => x[0].log_softmax(-1), V([3, 4], 0, 0.2)),
        ["matmul_2d"] = G(x => x[0].matmul(x[1]), V([3, 4]), V([4, 2], 11)),
        ["matmul_batched"] = G(x => x[0].matmul(x[1]), V([2, 3, 4]), V([4, 2], 11)),
        ["matmul_vector"] = G(x => x[0].matmul(x[1]), V([3, 4]), V([4], 13)),
        ["mm"] = G(x => x[0].mm(x[1]), V([2, 3]), V([3, 2], 5)),
        ["bmm"] = G(x => x[0].bmm(x[1]), V([2, 2, 3]), V([2, 3, 2], 5)),
        ["addmm"] = G(x => x[0].addmm(x[1], x[2], 0.5, 2.0), V([2, 2]), V([2, 3], 3), V([3, 2], 6)),
        ["dot"] = G(x => x[0].dot(x[1]), V([5]), V([5], 8)),
        ["outer"] = G(x => x[0].outer(x[1]), V([3]), V([2], 8)),
        ["sum_all"] = G(x => x[0].sum(), V([2, 3])),
        ["sum_dim_keepdim"] = G(x => x[0].sum(1, keepdim: true) * x[0], V([2, 3])),
        ["mean_all"] = G(x => x[0].mean(), V([2, 3])),
        ["mean_dim"] = G(x => x[0].mean(0), V([3, 4])),
        ["std_unbiased"] = G(x => x[0].std(), V([2, 3])),
        ["std_biased_dim"] = G(x => x[0].std(1, unbiased: false), V([3, 4])),
        ["var_dims_keepdim"] = G(x => x[0].var(new long[] { 0, 1 }, keepdim: true), V([3, 4])),
        ["norm_p2"] = G(x => x[0].norm(), V([2, 3])),
        ["norm_p1"] = G(x => x[0].norm(1.0), V([2, 3])),
        ["norm_dim"] = G(x => x[0].norm(1, 3.0), V([3, 4])),
        ["logsumexp"] = G(x => x[0].logsumexp(1), V([3, 4], 0, 0.2)),
        ["logsumexp_dims"] = G(x => x[0].logsumexp(new long[] { 0, 1 }), V([3, 4], 0, 0.2)),
        ["cdist"] = G(x => cdist(x[0], x[1]), V([3, 2]), V([4, 2], 21)),
        ["cdist_p1"] = G(x => cdist(x[0], x[1], 1.0), V([3, 2]), V([2, 2], 21)),
        ["gather"] = G(x => x[0].gather(1, tensor(new long[] { 2, 0, 1, 1, 3, 3 }, [3, 2])), V([3, 4])),
        ["index_select_repeated"] = G(x => x[0].index_select(0, Long(2, 0, 2)), V([3, 4])),
        ["index_tensor"] = G(x => x[0][Long(1, 1, 0)], V([3, 2])),
        ["where"] = G(x => where(tensor(new[] { true, false, true, false, false, true }, [2, 3]), x[0], x[1] * 2), V([2, 3]), V([2, 3], 4)),
        ["clamp_away_from_bounds"] = G(x => x[0].clamp(-0.5, 0.7), V([4, 4])),
        ["clamp_min_only"] = G(x => x[0].clamp(min: 0.2), V([4, 4])),
        ["masked_fill"] = G(x => x[0].masked_fill(tensor(new[] { true, false, false, true }), 3.0), V([4])),
        ["maximum"] = G(x => x[0].maximum(x[1]), V([2, 3]), V([2, 3], 40)),
        ["max_dim_values"] = G(x => x[0].max(1).values, V([3, 4])),
        ["topk_values"] = G(x => x[0].topk(2).values, V([3, 4])),
        ["sort_values"] = G(x => x[0].sort(0).values, V([3, 4])),
        ["cumsum"] = G(x => x[0].cumsum(1), V([2, 4])),
        ["scatter_add_source"] = G(x => zeros(new long[] { 2, 3 }, float64).scatter_add(0, Long(0, 1, 0, 1, 1, 1).reshape(2, 3), x[0]), V([2, 3])),
        ["shape_ops"] = G(x => x[0].reshape(3, 4).t().unsqueeze(0).expand(2, 4, 3).permute(2, 0, 1).narrow(0, 1, 2).flatten() * Long(1, 2).repeat(8),
            V([12])),
        ["cat_stack_split"] = G(x => stack([cat([x[0], x[1]], 1), cat([x[1], x[0]], 1)]).split(1, 2)[1] * 2, V([2, 2]), V([2, 3], 4)),
        ["select_slice_transpose"] = G(x => x[0].slice(1, 0, 4, 2).transpose(0, 1).select(0, 1) * x[0].select(1, 3), V([3, 4])),
        ["contiguous_view_squeeze"] = G(x => x[0].t().contiguous().view(1, 6).squeeze(0).pow(2.0), V([2, 3])),
        ["mlp"] = G(x => (x[0].matmul(x[1]) + x[2]).relu().matmul(x[3]).sigmoid().mean(), V([4, 3]), V([3, 5], 7), V([5], 9), V([5, 2], 13)),
    };

    public static TheoryData<string> GradCaseNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in GradCases.Keys) data.Add(name);
            return data;
        }
    }

    /// <summary>Fixed non-uniform weights that reduce a non-scalar output to a scalar.</summary>
    private static Tensor Weights(long[] shape)
    {
        var n = (int)shape.Aggregate(1L, (a, b) => a * b);
        return tensor(Enumerable.Range(0, n).Select(i => Math.Cos(1.3 * i + 0.4)).ToArray(), shape);
    }

    private static Tensor Scalar(Tensor y) => y.numel() == 1 ? y.sum() : (y * Weights(y.shape)).sum();

    [Theory]
    [MemberData(nameof(GradCaseNames))]
    public void Gradient_matches_central_finite_differences(string name)
    {
        var gc = GradCases[name];
        using var scope = NewDisposeScope();
        var leaves = gc.Inputs.Select(i => tensor(i.values, i.shape, requires_grad: true)).ToArray();
        leaves.Should().OnlyContain(l => l.is_leaf && l.requires_grad && l.grad == null);
        var y = gc.F(leaves);
        y.requires_grad.Should().BeTrue();
        y.is_leaf.Should().BeFalse();
        Scalar(y).backward();

        const double eps = 1e-6;
        for (var k = 0; k < leaves.Length; k++)
        {
            var analytic = leaves[k].grad!.ReadAll<double>();
            var numeric = new double[analytic.Length];
            for (var j = 0; j < numeric.Length; j++)
                numeric[j] = (Evaluate(gc, k, j, eps) - Evaluate(gc, k, j, -eps)) / (2 * eps);
            for (var j = 0; j < numeric.Length; j++)
                if (Math.Abs(analytic[j] - numeric[j]) > 1e-6 * Math.Abs(numeric[j]) + 1e-8)
                    throw new Xunit.Sdk.XunitException(
                        $"{name}: d/dx{k}[{j}] analytic {analytic[j]:R} vs finite difference {numeric[j]:R}");
        }
    }

    private static double Evaluate(GradCase gc, int input, int element, double delta)
    {
        using var scope = NewDisposeScope();
        using var off = no_grad();
        var xs = gc.Inputs.Select((inp, k) =>
        {
            var v = (double[])inp.values.Clone();
            if (k == input) v[element] += delta;
            return tensor(v, inp.shape);
        }).ToArray();
        return Scalar(gc.F(xs)).item<double>();
    }

    // ---- gradients against PyTorch --------------------------------------------------------------

    private const string File = "autograd.json";

    public static TheoryData<string> OracleCases => OracleData.Names(File);

    private static Tensor OracleFunction(string name, Tensor[] x) => name switch
    {
        "mlp_cross_entropy" => (x[0].matmul(x[1]) + x[2]).tanh().log_softmax(1).gather(1, Long(1, 0, 1).unsqueeze(1)).mean().neg(),
        "softmax_weighted" => (x[0].softmax(1) * arange(0, 4, 1, float64)).sum(),
        "div_pow_sqrt" => ((x[0] / x[1]).pow(2.0) + x[1].sqrt()).sum(),
        "exp_log_sigmoid" => (x[0].exp() * x[0].sigmoid() + (x[0].abs() + 1).log()).mean(),
        "gelu_relu" => (x[0].gelu() + (x[0] - 0.013).relu() * 2).sum(),
        "std_norm_logsumexp" => x[0].std(1).sum() + x[0].norm() + x[0].logsumexp(0).sum(),
        "cdist_sum" => cdist(x[0], x[1]).sum(),
        "where_clamp_index_select" => where(x[0] > 0, x[0] * 3, x[0].clamp(min: -0.1)).index_select(0, Long(2, 0, 2)).pow(2.0).sum(),
        "mean_var_dims" => x[0].mean(0).pow(2.0).sum() + x[0].var(1, unbiased: false).sum(),
        _ => throw new NotSupportedException(name),
    };

    [Theory]
    [MemberData(nameof(OracleCases))]
    public void Gradient_matches_pytorch(string name)
    {
        var c = OracleData.Case(File, name);
        using var scope = NewDisposeScope();
        var leaves = c.Inputs.Select(i => i.ToTensor(requires_grad: true)).ToArray();
        var y = OracleFunction(c.Op, leaves);
        OracleAssert.Matches(y, c.Outputs[0], name + " value", 1e-10);
        y.backward();
        for (var k = 0; k < leaves.Length; k++)
            OracleAssert.Matches(leaves[k].grad!, c.Outputs[k + 1], $"{name} gradient {k}", 1e-10);
    }

    // ---- autograd mechanics ---------------------------------------------------------------------

    [Fact]
    public void grad_is_null_before_backward_and_leaves_are_leaves()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2 }, requires_grad: true);
        var plain = tensor(new double[] { 1, 2 });
        x.grad.Should().BeNull();
        x.is_leaf.Should().BeTrue();
        plain.is_leaf.Should().BeTrue();
        plain.requires_grad.Should().BeFalse();
        var y = x * 2;
        y.is_leaf.Should().BeFalse();
        y.requires_grad.Should().BeTrue();
        (plain * 2).requires_grad.Should().BeFalse();
        y.sum().backward();
        x.grad!.ReadAll<double>().Should().Equal(2, 2);
        y.grad.Should().BeNull("gradients are kept for leaves only");
    }

    [Fact]
    public void requires_grad_can_be_set_and_cleared()
    {
        using var scope = NewDisposeScope();
        var x = ones(2);
        x.requires_grad_().Should().BeSameAs(x);
        x.requires_grad.Should().BeTrue();
        x.requires_grad = false;
        x.requires_grad.Should().BeFalse();
        FluentActions.Invoking(() => arange(3).requires_grad_()).Should().Throw<TorchException>()
            .WithMessage("*floating point*");
    }

    [Fact]
    public void backward_with_an_explicit_gradient_for_a_non_scalar_output()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        var y = x * x;
        FluentActions.Invoking(() => y.backward()).Should().Throw<TorchException>().WithMessage("*scalar outputs*");
        y.backward(tensor(new double[] { 1, 0.5, -1 }));
        x.grad!.ReadAll<double>().Should().Equal(2, 2, -6);
    }

    [Fact]
    public void retain_graph_allows_a_second_backward_and_gradients_accumulate()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2 }, requires_grad: true);
        var y = (x * x).sum();
        y.backward(retain_graph: true);
        x.grad!.ReadAll<double>().Should().Equal(2, 4);
        y.backward();
        x.grad!.ReadAll<double>().Should().Equal(4, 8);
        FluentActions.Invoking(() => y.backward()).Should().Throw<TorchException>().WithMessage("*second time*");
    }

    [Fact]
    public void Gradients_accumulate_until_zeroed_or_cleared()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 3 }, requires_grad: true);
        (x * 2).sum().backward();
        (x * 5).sum().backward();
        x.grad!.item<double>().Should().Be(7);
        using (no_grad()) x.grad!.zero_();
        x.grad!.item<double>().Should().Be(0);
        (x * x).sum().backward();
        x.grad!.item<double>().Should().Be(6);
        x.grad = null;
        x.grad.Should().BeNull();
        x.grad = tensor(new double[] { 10 });
        (x * 1).sum().backward();
        x.grad!.item<double>().Should().Be(11);
    }

    [Fact]
    public void grad_shares_storage_with_the_accumulated_gradient()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2 }, requires_grad: true);
        x.sum().backward();
        using (no_grad()) x.grad!.mul_(10.0);
        x.grad!.ReadAll<float>().Should().Equal(10, 10);
    }

    [Fact]
    public void detach_cuts_the_graph_and_shares_data()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2 }, requires_grad: true);
        var d = (x * 3).detach();
        d.requires_grad.Should().BeFalse();
        d.is_leaf.Should().BeTrue();
        var y = (x * d).sum();
        y.backward();
        x.grad!.ReadAll<double>().Should().Equal(new double[] { 3, 6 }, "the detached factor is a constant");
        var shared = x.detach();
        using (no_grad()) shared.fill_(9);
        x.ReadAll<double>().Should().Equal(9, 9);
        var z = x * 2;
        z.detach_().Should().BeSameAs(z);
        z.requires_grad.Should().BeFalse();
    }

    [Fact]
    public void clone_is_recorded_and_independent()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2 }, requires_grad: true);
        var c = x.clone();
        c.requires_grad.Should().BeTrue();
        c.is_leaf.Should().BeFalse();
        (c * c).sum().backward();
        x.grad!.ReadAll<double>().Should().Equal(2, 4);
        using (no_grad()) c.fill_(0);
        x.ReadAll<double>().Should().Equal(1, 2);
    }

    [Fact]
    public void no_grad_scope_stops_recording_and_restores_the_mode()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2 }, requires_grad: true);
        is_grad_enabled().Should().BeTrue();
        Tensor inside;
        using (no_grad())
        {
            is_grad_enabled().Should().BeFalse();
            inside = x * 2;
            inside.requires_grad.Should().BeFalse();
            using (enable_grad())
            {
                is_grad_enabled().Should().BeTrue();
                (x * 2).requires_grad.Should().BeTrue();
            }
            is_grad_enabled().Should().BeFalse();
            using (no_grad()) { }
            is_grad_enabled().Should().BeFalse();
        }
        is_grad_enabled().Should().BeTrue();
        (x * 2).requires_grad.Should().BeTrue();
        using (set_grad_enabled(false)) is_grad_enabled().Should().BeFalse();
        is_grad_enabled().Should().BeTrue();
        var scopeObj = no_grad();
        scopeObj.Dispose();
        scopeObj.Dispose();
        is_grad_enabled().Should().BeTrue("a second Dispose changes nothing");
    }

    [Fact]
    public void Grad_mode_is_per_thread()
    {
        using var scope = NewDisposeScope();
        using var x = tensor(new double[] { 1, 2 }, requires_grad: true).DetachFromDisposeScope();
        bool otherEnabled = false, otherRecorded = false, otherInsideOwnScope = true;
        using (no_grad())
        {
            var thread = new Thread(() =>
            {
                otherEnabled = is_grad_enabled();
                using var y = x * 2;
                otherRecorded = y.requires_grad;
                using (no_grad()) otherInsideOwnScope = is_grad_enabled();
            });
            thread.Start();
            thread.Join();
            is_grad_enabled().Should().BeFalse();
        }
        otherEnabled.Should().BeTrue("the other thread's grad mode is its own");
        otherRecorded.Should().BeTrue();
        otherInsideOwnScope.Should().BeFalse();
        is_grad_enabled().Should().BeTrue("the other thread's scope does not leak into this one");
    }

    [Fact]
    public void A_grad_mode_scope_must_end_on_its_own_thread()
    {
        var s = no_grad();
        try
        {
            Exception? error = null;
            var t = new Thread(() =>
            {
                try { s.Dispose(); }
                catch (Exception e) { error = e; }
            });
            t.Start();
            t.Join();
            error.Should().BeOfType<InvalidOperationException>();
        }
        finally
        {
            s.Dispose();
        }
        is_grad_enabled().Should().BeTrue();
    }

    [Fact]
    public void Training_step_reduces_a_least_squares_loss()
    {
        using var scope = NewDisposeScope();
        var xs = tensor(new double[] { 0, 1, 2, 3, 4, 5 }, [6, 1]);
        var ys = xs * 2 + 1;
        var w = zeros(new long[] { 1, 1 }, float64, requires_grad: true);
        var b = zeros(new long[] { 1 }, float64, requires_grad: true);
        for (var i = 0; i < 500; i++)
        {
            using var step = NewDisposeScope();
            var loss = (xs.matmul(w) + b - ys).square().mean();
            loss.backward();
            using (no_grad())
            {
                w.sub_(w.grad!, 0.05);
                b.sub_(b.grad!, 0.05);
                w.grad!.zero_();
                b.grad!.zero_();
            }
        }
        w.item<double>().Should().BeApproximately(2, 1e-3);
        b.item<double>().Should().BeApproximately(1, 1e-3);
    }
}
