using ResNetTab.Torch.Lifetime;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests.Optim;

/// <summary>
/// Optimizer state lives outside dispose scopes and a step frees its temporaries. The tests count live
/// native tensors process-wide, so they run apart from every parallel test (and seed the generator
/// for the model's initialisation).
/// </summary>
[Collection(RandomGeneratorCollection.Name)]
public class OptimizerLifetimeTests
{
    [Fact]
    public void Two_thousand_adam_steps_in_scopes_keep_the_live_tensor_count_constant()
    {
        manual_seed(7);
        using var model = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 1));
        using var x = randn(32, 6);
        using var y = randn(32, 1);
        using var opt = optim.Adam(model.parameters(), 1e-3, amsgrad: true);

        long live = 0, finalized = 0;
        for (var i = 0; i < 2000; i++)
        {
            using (NewDisposeScope())
            {
                opt.zero_grad();
                var d = model.call(x) - y;
                (d * d).mean().backward();
                opt.step();
            }
            if (i == 0)
            {
                // Earlier tests' unreferenced tensors are finalized now, so that from here on any
                // change of the count comes from the steps alone.
                CollectGarbage();
                live = TensorStatistics.LiveCount;
                finalized = TensorStatistics.FinalizedCount;
            }
            else if (i % 100 == 0 || i == 1999)
            {
                TensorStatistics.LiveCount.Should().Be(live, $"after step {i + 1}");
            }
        }
        CollectGarbage();
        TensorStatistics.FinalizedCount.Should().Be(finalized, "a step must dispose its temporaries, not leave them to the finalizer");
        TensorStatistics.LiveCount.Should().Be(live);

        foreach (var p in model.parameters())
        {
            var state = opt.state(p);
            state.Should().NotBeNull();
            state!.Scalar("step").Should().Be(2000);
            state.Tensors.Keys.Should().BeEquivalentTo("exp_avg", "exp_avg_sq", "max_exp_avg_sq");
            foreach (var t in state.Tensors.Values)
            {
                t.IsInvalid.Should().BeFalse("state tensors must survive the scopes the steps ran in");
                t.OwningScope.Should().BeNull();
            }
        }
    }

    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        NativeReleaseQueue.Drain();
    }

    [Fact]
    public void Dispose_releases_the_state_tensors()
    {
        manual_seed(3);
        using var model = nn.Linear(4, 2);
        using var x = randn(8, 4);
        var before = TensorStatistics.LiveCount;
        var opt = optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        using (NewDisposeScope())
        {
            model.call(x).sum().backward();
            opt.step();
        }
        TensorStatistics.LiveCount.Should().Be(before + 2, "one momentum buffer per parameter");
        var buffers = model.parameters().Select(p => opt.state(p)!.Get("momentum_buffer")!).ToList();
        opt.Dispose();
        TensorStatistics.LiveCount.Should().Be(before);
        buffers.Should().OnlyContain(t => t.IsInvalid);
        model.zero_grad(set_to_none: true);
    }

    [Fact]
    public void State_dict_tensors_are_copies_owned_by_the_caller()
    {
        manual_seed(5);
        using var model = nn.Linear(3, 2);
        using var x = randn(4, 3);
        using var opt = optim.RMSprop(model.parameters(), momentum: 0.5, centered: true);
        using (NewDisposeScope())
        {
            model.call(x).sum().backward();
            opt.step();
        }
        var before = TensorStatistics.LiveCount;
        using (NewDisposeScope())
        {
            var sd = opt.state_dict();
            sd.state.Should().HaveCount(2);
            sd.state[0].tensors.Keys.Should().BeEquivalentTo("square_avg", "momentum_buffer", "grad_avg");
            sd.state[0].scalars["step"].Should().Be(1);
            sd.param_groups.Single().@params.Should().Equal(0, 1);
            sd.param_groups[0].options["alpha"].Should().Be(0.99);
        }
        TensorStatistics.LiveCount.Should().Be(before, "the snapshot's copies belong to the scope it was taken in");
        opt.state(model.parameters().First())!.Tensors.Values.Should().OnlyContain(t => !t.IsInvalid);
    }
}
