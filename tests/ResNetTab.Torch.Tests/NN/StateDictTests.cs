using ResNetTab.Torch.Modules;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests.NN;

public class StateDictTests
{
    private sealed class Affine : nn.Module<Tensor, Tensor>
    {
        private readonly Parameter weight;
        private readonly Parameter bias;
        [Buffer] private readonly Tensor steps = zeros([1], dtype: int64);

        public Affine(int inputs, int outputs)
        {
            weight = nn.Parameter(randn(outputs, inputs));
            bias = nn.Parameter(randn(outputs));
        }

        public override Tensor forward(Tensor input) => input.matmul(weight.t()) + bias;
    }

    [Fact]
    public void Round_trip_reproduces_outputs_and_copies_by_key_not_position()
    {
        using var a = new Affine(3, 2);
        using var b = new Affine(3, 2);
        // Reverse the order: loading must match by name.
        var reversed = a.state_dict().Reverse().ToList();
        var result = b.load_state_dict(reversed);
        result.missing_keys.Should().BeEmpty();
        result.unexpected_keys.Should().BeEmpty();
        using var x = randn(4, 3);
        using var ya = a.call(x);
        using var yb = b.call(x);
        yb.ReadAll<float>().Should().Equal(ya.ReadAll<float>());
        // Copies, not aliases: changing a afterwards leaves b alone.
        using (no_grad()) a.state_dict()["weight"].add_(1.0);
        b.state_dict()["weight"].allclose(a.state_dict()["weight"]).Should().BeFalse();
    }

    [Fact]
    public void Strict_load_reports_every_problem_at_once()
    {
        using var model = new Affine(3, 2);
        using var wrongShape = zeros(2, 4);
        using var extra = zeros(1);
        var dict = new Dictionary<string, Tensor> { ["weight"] = wrongShape, ["surplus"] = extra };
        var error = FluentActions.Invoking(() => model.load_state_dict(dict)).Should().Throw<StateDictMismatchException>().Which;
        error.MissingKeys.Should().Equal("bias", "steps");
        error.UnexpectedKeys.Should().Equal("surplus");
        error.Message.Should().Contain("Missing key(s) in state_dict: \"bias\", \"steps\"")
            .And.Contain("Unexpected key(s) in state_dict: \"surplus\"")
            .And.Contain("size mismatch for weight: copying a tensor with shape [2, 4] from the state dict, the shape in the current model is [2, 3]");
    }

    [Fact]
    public void Non_strict_load_returns_the_differences_and_loads_the_rest()
    {
        using var model = new Affine(3, 2);
        using var w = ones(2, 3);
        using var extra = zeros(1);
        var result = model.load_state_dict(new Dictionary<string, Tensor> { ["weight"] = w, ["surplus"] = extra }, strict: false);
        result.missing_keys.Should().Equal("bias", "steps");
        result.unexpected_keys.Should().Equal("surplus");
        model.state_dict()["weight"].ReadAll<float>().Should().OnlyContain(v => v == 1f);
        model.state_dict()["weight"].requires_grad.Should().BeTrue();
    }

    [Fact]
    public void Loading_converts_dtype_and_keeps_integer_buffers_integral()
    {
        using var model = new Affine(1, 1);
        using var w = tensor(new double[] { 0.5 }, [1, 1]);
        using var b = tensor(new double[] { 0.25 });
        using var steps = tensor(new long[] { 7 });
        model.load_state_dict(new Dictionary<string, Tensor> { ["weight"] = w, ["bias"] = b, ["steps"] = steps });
        model.state_dict()["weight"].dtype.Should().Be(float32);
        model.state_dict()["steps"].dtype.Should().Be(int64);
        model.state_dict()["steps"].item<long>().Should().Be(7);
    }
}
