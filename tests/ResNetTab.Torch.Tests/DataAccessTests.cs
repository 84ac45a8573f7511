using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

public class DataAccessTests
{
    [Fact]
    public void Metadata_of_a_tensor()
    {
        using var x = zeros(new long[] { 2, 3, 4 }, float64);
        x.shape.Should().Equal(2, 3, 4);
        x.dim().Should().Be(3);
        x.Dimensions.Should().Be(3);
        x.numel().Should().Be(24);
        x.dtype.Should().Be(float64);
        x.element_size().Should().Be(8);
        x.is_floating_point().Should().BeTrue();
        x.device.Should().Be(CPU);
        using var s = tensor(5L);
        s.shape.Should().BeEmpty();
        s.dim().Should().Be(0);
        s.numel().Should().Be(1);
        s.is_floating_point().Should().BeFalse();
        using var e = zeros(0, 4);
        e.numel().Should().Be(0);
        e.ReadAll<float>().Should().BeEmpty();
        element_size(uint8).Should().Be(1);
        element_size(int32).Should().Be(4);
        element_size(@bool).Should().Be(1);
    }

    [Fact]
    public void Many_dimensions_are_reported()
    {
        using var scope = NewDisposeScope();
        var shape = Enumerable.Repeat(1L, 20).ToArray();
        var x = ones(shape);
        x.shape.Should().HaveCount(20);
        x.dim().Should().Be(20);
    }

    [Fact]
    public void ReadAll_converts_between_element_types()
    {
        using var scope = NewDisposeScope();
        var f = tensor(new float[] { 1.5f, -2.75f, 3 });
        f.ReadAll<double>().Should().Equal(1.5, -2.75, 3);
        f.ReadAll<long>().Should().Equal(1, -2, 3);
        f.ReadAll<int>().Should().Equal(1, -2, 3);
        f.ReadAll<bool>().Should().Equal(true, true, true);
        var i = tensor(new long[] { 0, 1, 255 });
        i.ReadAll<float>().Should().Equal(0, 1, 255);
        i.ReadAll<byte>().Should().Equal(0, 1, 255);
        tensor(new[] { true, false }).ReadAll<float>().Should().Equal(1, 0);
        arange(6).reshape(2, 3).t().ReadAll<long>().Should().Equal(0, 3, 1, 4, 2, 5);
    }

    [Fact]
    public void data_gives_an_indexable_snapshot()
    {
        using var scope = NewDisposeScope();
        var x = arange(6).reshape(2, 3);
        var d = x.data<long>();
        d.Count.Should().Be(6);
        d.Shape.Should().Equal(2L, 3L);
        d[4].Should().Be(4);
        d[4L].Should().Be(4);
        d[1L, 2L].Should().Be(5);
        d[0L, 1L].Should().Be(1);
        d.Should().Equal(0L, 1L, 2L, 3L, 4L, 5L);
        var copy = d.ToArray();
        copy[0] = 100;
        d[0].Should().Be(0);
        x.fill_(7);
        d[0].Should().Be(0, "data<T>() is a snapshot");
        FluentActions.Invoking(() => d[1L, 3L]).Should().Throw<IndexOutOfRangeException>();
        FluentActions.Invoking(() => d[new long[] { 1 }]).Should().Throw<ArgumentException>();
        tensor(new float[] { 1, 2 }).data<float>().ToArray().Should().Equal(1, 2);
        tensor(new[] { true }).data<bool>()[0].Should().BeTrue();
    }

    [Fact]
    public void data_with_a_mismatched_element_type_throws_InvalidOperationException()
    {
        using var x = arange(3);
        FluentActions.Invoking(() => x.data<float>()).Should().Throw<InvalidOperationException>().WithMessage("*Int64*");
        using var f = ones(2);
        FluentActions.Invoking(() => f.data<double>()).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void item_reads_one_element_tensors()
    {
        using var scope = NewDisposeScope();
        tensor(2.5f).item<float>().Should().Be(2.5f);
        tensor(0.1).item<double>().Should().Be(0.1);
        tensor(new double[] { 0.1 }, [1, 1]).item<double>().Should().Be(0.1);
        tensor(-7L).item<long>().Should().Be(-7);
        tensor(-7L).item<int>().Should().Be(-7);
        tensor(-7L).item<double>().Should().Be(-7);
        tensor(true).item<bool>().Should().BeTrue();
        tensor(new byte[] { 200 }).item<byte>().Should().Be(200);
        tensor(new int[] { 123 }).item<short>().Should().Be(123);
        tensor(3.9).item<long>().Should().Be(3);
        tensor(double.NaN).item<double>().Should().Be(double.NaN);
        tensor(long.MaxValue).item<long>().Should().Be(long.MaxValue);
        FluentActions.Invoking(() => tensor(1L << 40).item<int>()).Should().Throw<OverflowException>();
    }

    [Fact]
    public void item_on_a_multi_element_tensor_throws_TorchException()
    {
        using var x = ones(2, 3);
        FluentActions.Invoking(() => x.item<float>()).Should().Throw<TorchException>().WithMessage("*6 elements*");
        using var e = zeros(0);
        FluentActions.Invoking(() => e.item<float>()).Should().Throw<TorchException>();
    }

    [Fact]
    public unsafe void data_ptr_points_at_the_elements()
    {
        using var x = tensor(new float[] { 4, 5, 6 });
        var p = (float*)x.data_ptr();
        p[1].Should().Be(5);
        p[2] = 60;
        x.ReadAll<float>().Should().Equal(4, 5, 60);
        using var t = arange(6).reshape(2, 3).t();
        FluentActions.Invoking(() => t.data_ptr()).Should().Throw<TorchException>().WithMessage("*contiguous*");
    }

    [Fact]
    public void ToString_shows_shape_dtype_device_and_a_few_values()
    {
        using var scope = NewDisposeScope();
        arange(10).ToString().Should().Be("[10], type = Int64, device = cpu, values = [0, 1, 2, 3, 4, 5, ...]");
        tensor(new[] { true, false }).ToString().Should().Be("[2], type = Bool, device = cpu, values = [true, false]");
        tensor(new double[] { 0.5, 1e-7 }, [2, 1]).ToString().Should().Be("[2x1], type = Float64, device = cpu, values = [0.5, 1E-07]");
        zeros(0).ToString().Should().Be("[0], type = Float32, device = cpu, values = []");
        tensor(2.5f).ToString().Should().Be("[], type = Float32, device = cpu, values = [2.5]");
        arange(4).reshape(2, 2).ToFullString().Should().Contain("0").And.Contain("3").And.Contain("2,2");
    }

    [Fact]
    public void clone_copies_the_data()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2 });
        var c = x.clone();
        c.fill_(0);
        x.ReadAll<float>().Should().Equal(1, 2);
        c.data_ptr().Should().NotBe(x.data_ptr());
    }

    [Fact]
    public void Use_after_dispose_throws_ObjectDisposedException()
    {
        var x = ones(2);
        var other = ones(2);
        x.Dispose();
        x.IsInvalid.Should().BeTrue();
        FluentActions.Invoking(() => x + other).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => other + x).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => x.ReadAll<float>()).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => x.item<float>()).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => x.dtype).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => x.requires_grad).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => x.add_(1.0)).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => cat([other, x])).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => x.split(1)).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => x.backward()).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => where(other > 0, x, other)).Should().Throw<ObjectDisposedException>();
        other.ReadAll<float>().Should().Equal(1, 1);
        other.Dispose();
    }

    [Fact]
    public void Tensors_of_a_disposed_scope_throw_ObjectDisposedException()
    {
        Tensor x;
        using (NewDisposeScope()) x = arange(3) * 2;
        FluentActions.Invoking(() => x.sum()).Should().Throw<ObjectDisposedException>();
    }
}
