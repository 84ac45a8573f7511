using ResNetTab.Torch.Modules;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests.NN;

/// <summary>Parameter and buffer names, counts, defaults and printed form of the layers, as PyTorch's.</summary>
public class NnLayerStructureTests
{
    [Fact]
    public void Conv2d_without_bias_has_exactly_pytorchs_parameters()
    {
        using var conv = nn.Conv2d(3, 64, 7, bias: false);
        conv.parameter_count().Should().Be(9408);
        conv.named_parameters().Select(p => p.name).Should().Equal("weight");
        conv.state_dict().Keys.Should().Equal("weight");
        conv.weight.shape.Should().Equal(64, 3, 7, 7);
        conv.bias.Should().BeNull();
        conv.ToString().Should().Be("Conv2d(3, 64, kernel_size=(7, 7), stride=(1, 1), bias=False)");
    }

    [Fact]
    public void BatchNorm2d_state_dict_has_pytorchs_keys_order_and_defaults()
    {
        using var bn = nn.BatchNorm2d(4);
        bn.state_dict().Keys.Should().Equal("weight", "bias", "running_mean", "running_var", "num_batches_tracked");
        bn.named_parameters().Select(p => p.name).Should().Equal("weight", "bias");
        bn.named_buffers().Select(b => b.name).Should().Equal("running_mean", "running_var", "num_batches_tracked");
        bn.num_batches_tracked!.dtype.Should().Be(ScalarType.Int64);
        bn.num_batches_tracked.shape.Should().BeEmpty();
        bn.weight!.ReadAll<float>().Should().AllBeEquivalentTo(1f);
        bn.bias!.ReadAll<float>().Should().AllBeEquivalentTo(0f);
        bn.running_mean!.ReadAll<float>().Should().AllBeEquivalentTo(0f);
        bn.running_var!.ReadAll<float>().Should().AllBeEquivalentTo(1f);
        (bn.eps, bn.momentum).Should().Be((1e-5, 0.1));
        bn.ToString().Should().Be("BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)");
    }

    [Fact]
    public void BatchNorm_without_affine_or_tracking_registers_only_what_pytorch_does()
    {
        using var noAffine = nn.BatchNorm1d(3, affine: false);
        noAffine.state_dict().Keys.Should().Equal("running_mean", "running_var", "num_batches_tracked");
        noAffine.parameters().Should().BeEmpty();
        using var untracked = nn.BatchNorm1d(3, track_running_stats: false);
        untracked.state_dict().Keys.Should().Equal("weight", "bias");
        untracked.ToString().Should().Be("BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=False)");
    }

    [Fact]
    public void BatchNorm_counts_batches_in_training_only()
    {
        using var scope = NewDisposeScope();
        using var bn = nn.BatchNorm1d(2);
        var x = arange(0.0, 8.0).reshape(4, 2);
        bn.call(x);
        bn.call(x);
        bn.num_batches_tracked!.item<long>().Should().Be(2);
        bn.eval();
        bn.call(x);
        bn.num_batches_tracked.item<long>().Should().Be(2);
    }

    [Fact]
    public void Linear_LayerNorm_Embedding_have_pytorchs_names_shapes_and_defaults()
    {
        using var linear = nn.Linear(4, 3);
        linear.state_dict().Keys.Should().Equal("weight", "bias");
        linear.parameter_count().Should().Be(15);
        linear.weight.shape.Should().Equal(3, 4);
        using var layerNorm = nn.LayerNorm([3, 4]);
        layerNorm.state_dict().Keys.Should().Equal("weight", "bias");
        layerNorm.weight!.shape.Should().Equal(3, 4);
        layerNorm.weight.ReadAll<float>().Should().AllBeEquivalentTo(1f);
        layerNorm.bias!.ReadAll<float>().Should().AllBeEquivalentTo(0f);
        using var layerNormPlain = nn.LayerNorm(4, elementwise_affine: false);
        layerNormPlain.state_dict().Should().BeEmpty();
        using var embedding = nn.Embedding(10, 3);
        embedding.state_dict().Keys.Should().Equal("weight");
        embedding.ToString().Should().Be("Embedding(10, 3)");
        using var conv1d = nn.Conv1d(4, 8, 3);
        conv1d.state_dict().Keys.Should().Equal("weight", "bias");
        conv1d.weight.shape.Should().Equal(8, 4, 3);
        conv1d.ToString().Should().Be("Conv1d(4, 8, kernel_size=(3,), stride=(1,))");
        using var grouped = nn.Conv2d(4, 6, (3, 1), groups: 2);
        grouped.weight.shape.Should().Equal(6, 2, 3, 1);
    }

    [Fact]
    public void Parameterless_layers_print_like_pytorch()
    {
        nn.ReLU().ToString().Should().Be("ReLU()");
        nn.ReLU(inplace: true).ToString().Should().Be("ReLU(inplace=True)");
        nn.GELU().ToString().Should().Be("GELU(approximate='none')");
        nn.Sigmoid().ToString().Should().Be("Sigmoid()");
        nn.Tanh().ToString().Should().Be("Tanh()");
        nn.Identity().ToString().Should().Be("Identity()");
        nn.Dropout().ToString().Should().Be("Dropout(p=0.5, inplace=False)");
        nn.Flatten().ToString().Should().Be("Flatten(start_dim=1, end_dim=-1)");
        nn.MaxPool2d(3, stride: 2, padding: 1).ToString().Should().Be("MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False)");
        nn.AvgPool2d(2).ToString().Should().Be("AvgPool2d(kernel_size=2, stride=2, padding=0)");
        nn.AdaptiveAvgPool2d((1, 1)).ToString().Should().Be("AdaptiveAvgPool2d(output_size=(1, 1))");
        nn.Sequential(nn.Linear(2, 2), nn.ReLU()).parameters().Should().HaveCount(2);
    }

    [Fact]
    public void Assigning_a_new_weight_replaces_the_registered_parameter()
    {
        using var scope = NewDisposeScope();
        using var linear = nn.Linear(2, 2, bias: false);
        linear.weight = nn.Parameter(ones(2, 2));
        linear.state_dict()["weight"].Should().BeSameAs(linear.weight);
        linear.call(ones(1, 2)).ReadAll<float>().Should().Equal(2f, 2f);
        linear.bias = nn.Parameter(ones(2));
        linear.state_dict().Keys.Should().Equal("weight", "bias");
    }

    [Fact]
    public void Identity_returns_a_separate_handle_sharing_data_and_gradient()
    {
        using var scope = NewDisposeScope();
        var x = ones([3], requires_grad: true);
        var y = nn.Identity().call(x);
        y.Should().NotBeSameAs(x);
        y.Dispose();
        x.IsInvalid.Should().BeFalse();
        var z = nn.Identity().call(x);
        (z * 3).sum().backward();
        x.grad!.ReadAll<float>().Should().AllBeEquivalentTo(3f);
    }

    [Fact]
    public void Embedding_from_pretrained_shares_storage_and_is_frozen_by_default()
    {
        using var scope = NewDisposeScope();
        var table = arange(0.0, 6.0).reshape(3, 2);
        using var emb = Embedding.from_pretrained(table);
        emb.weight.requires_grad.Should().BeFalse();
        emb.call(tensor(new long[] { 2 })).ReadAll<float>().Should().Equal(4f, 5f);
        using var trainable = Embedding.from_pretrained(table, freeze: false, padding_idx: 0);
        trainable.weight.requires_grad.Should().BeTrue();
        trainable.ToString().Should().Be("Embedding(3, 2, padding_idx=0)");
    }
}
