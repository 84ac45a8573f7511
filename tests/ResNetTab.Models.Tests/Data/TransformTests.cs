using ResNetTab.Models.Datasets;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Data;

public sealed class TransformTests
{
    /// <summary>N × C × H × W float images with distinct values.</summary>
    private static float[] Values(int n, int c, int h, int w)
    {
        var v = new float[n * c * h * w];
        for (var i = 0; i < v.Length; i++) v[i] = 1 + (i * 0.5f);
        return v;
    }

    /// <summary>Reference crop of a flat N×C×H×W array: zero padding, window at the offsets.</summary>
    private static float[] ReferenceCrop(float[] x, int n, int c, int h, int w, int padding, int size, (int Top, int Left)[] offsets)
    {
        var result = new float[n * c * size * size];
        for (var i = 0; i < n; i++)
            for (var ch = 0; ch < c; ch++)
                for (var y = 0; y < size; y++)
                    for (var xx = 0; xx < size; xx++)
                    {
                        var sy = offsets[i].Top + y - padding;
                        var sx = offsets[i].Left + xx - padding;
                        var value = sy >= 0 && sy < h && sx >= 0 && sx < w ? x[(((i * c) + ch) * h + sy) * w + sx] : 0f;
                        result[(((i * c) + ch) * size + y) * size + xx] = value;
                    }
        return result;
    }

    [Fact]
    public void Crop_with_padding_matches_a_hand_computed_window()
    {
        using var scope = NewDisposeScope();
        // One 1-channel 3×3 image 1..9, padding 1, crop 3.
        using var image = tensor(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, [1, 1, 3, 3]);
        var crop = new RandomCrop(3, padding: 1);
        crop.Crop(image, [(0, 0)]).ReadAll<float>().Should().Equal(0, 0, 0, 0, 1, 2, 0, 4, 5);
        crop.Crop(image, [(1, 1)]).ReadAll<float>().Should().Equal(1, 2, 3, 4, 5, 6, 7, 8, 9);
        crop.Crop(image, [(2, 0)]).ReadAll<float>().Should().Equal(0, 4, 5, 0, 7, 8, 0, 0, 0);
        crop.Crop(image, [(2, 2)]).ReadAll<float>().Should().Equal(5, 6, 0, 8, 9, 0, 0, 0, 0);
    }

    [Fact]
    public void Crop_of_a_batch_uses_each_images_own_offsets()
    {
        using var scope = NewDisposeScope();
        var x = Values(3, 2, 5, 6);
        using var batch = tensor(x, [3, 2, 5, 6]);
        (int, int)[] offsets = [(0, 0), (4, 1), (2, 3)];
        var crop = new RandomCrop(5, padding: 2);
        var result = crop.Crop(batch, offsets);
        result.shape.Should().Equal(3, 2, 5, 5);
        TensorData.ToArray<float>(result).Should().Equal(ReferenceCrop(x, 3, 2, 5, 6, 2, 5, offsets));
    }

    [Fact]
    public void Random_crop_draws_top_then_left_per_image_from_the_seeded_random()
    {
        using var scope = NewDisposeScope();
        var x = Values(8, 3, 32, 32);
        using var batch = tensor(x, [8, 3, 32, 32]);
        var crop = new RandomCrop(32, padding: 4);

        var random = new Random(123);
        var offsets = new (int Top, int Left)[8];
        for (var i = 0; i < 8; i++)
        {
            var top = random.Next(9);
            offsets[i] = (top, random.Next(9));
        }

        var result = crop.Apply(batch, seed: 123);
        TensorData.ToArray<float>(result).Should().Equal(ReferenceCrop(x, 8, 3, 32, 32, 4, 32, offsets));
        crop.Apply(batch, seed: 123).ReadAll<float>().Should().Equal(TensorData.ToArray<float>(result), "the same seed gives the same crops");
        crop.Apply(batch, seed: 124).ReadAll<float>().Should().NotEqual(TensorData.ToArray<float>(result));
        TensorData.ToArray<float>(batch).Should().Equal(x, "the input is not modified");
    }

    [Fact]
    public void Crop_works_on_single_images_and_uint8()
    {
        using var scope = NewDisposeScope();
        var bytes = new byte[3 * 4 * 4];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i + 1);
        using var image = tensor(bytes, [3, 4, 4]);
        var result = new RandomCrop(4, padding: 1).Crop(image, [(0, 2)]);
        result.dtype.Should().Be(ScalarType.Byte);
        result.shape.Should().Equal(3, 4, 4);
        var expected = ReferenceCrop(bytes.Select(b => (float)b).ToArray(), 1, 3, 4, 4, 1, 4, [(0, 2)]);
        TensorData.ToArray<byte>(result).Select(b => (float)b).Should().Equal(expected);
    }

    [Fact]
    public void Crop_checks_sizes_and_offsets()
    {
        using var scope = NewDisposeScope();
        using var batch = zeros(2, 3, 8, 8);
        var crop = new RandomCrop(10, padding: 0);
        var tooBig = () => crop.Apply(batch, seed: 1);
        tooBig.Should().Throw<ArgumentException>().WithMessage("*10×10 is larger than the padded images (8×8*");
        var count = () => new RandomCrop(8, padding: 1).Crop(batch, [(0, 0)]);
        count.Should().Throw<ArgumentException>().WithMessage("*1 crop offsets were given for 2 images*");
        var range = () => new RandomCrop(8, padding: 1).Crop(batch, [(0, 0), (3, 0)]);
        range.Should().Throw<ArgumentException>().WithMessage("*(3, 0) is outside 0..2*");
        var rank = () => crop.Apply(zeros(8, 8), seed: 1);
        rank.Should().Throw<ArgumentException>().WithMessage("*expects images N×C×H×W*[8, 8]*");
    }

    [Fact]
    public void Flip_reverses_the_width_of_the_chosen_images()
    {
        using var scope = NewDisposeScope();
        var x = Values(3, 2, 4, 5);
        using var batch = tensor(x, [3, 2, 4, 5]);
        bool[] flags = [true, false, true];
        var result = RandomHorizontalFlip.Flip(batch, flags).ReadAll<float>();

        var expected = new float[x.Length];
        for (var i = 0; i < 3; i++)
            for (var row = 0; row < 2 * 4; row++)
                for (var col = 0; col < 5; col++)
                {
                    var source = flags[i] ? 4 - col : col;
                    expected[(((i * 8) + row) * 5) + col] = x[(((i * 8) + row) * 5) + source];
                }
        result.Should().Equal(expected);

        using var all = RandomHorizontalFlip.Flip(batch, [true, true, true]);
        TensorData.ToArray<float>(all).Should().Equal(RandomHorizontalFlip.MirrorWidth(batch).ReadAll<float>());
        RandomHorizontalFlip.Flip(all, [true, true, true]).ReadAll<float>().Should().Equal(x, "flipping twice restores the images");
        RandomHorizontalFlip.Flip(batch, [false, false, false]).Should().BeSameAs(batch);
        TensorData.ToArray<float>(batch).Should().Equal(x);
    }

    [Fact]
    public void Random_flip_decides_per_image_from_the_seeded_random()
    {
        using var scope = NewDisposeScope();
        var x = Values(16, 1, 2, 3);
        using var batch = tensor(x, [16, 1, 2, 3]);
        var flip = new RandomHorizontalFlip(0.5);

        var random = new Random(7);
        var flags = Enumerable.Range(0, 16).Select(_ => random.NextDouble() < 0.5).ToArray();
        flags.Should().Contain(true).And.Contain(false);

        var result = flip.Apply(batch, seed: 7).ReadAll<float>();
        result.Should().Equal(RandomHorizontalFlip.Flip(batch, flags).ReadAll<float>());
        flip.Apply(batch, seed: 7).ReadAll<float>().Should().Equal(result);
        new RandomHorizontalFlip(1).Apply(batch, seed: 3).ReadAll<float>().Should().Equal(RandomHorizontalFlip.MirrorWidth(batch).ReadAll<float>());
        new RandomHorizontalFlip(0).Apply(batch, seed: 3).Should().BeSameAs(batch);

        using var single = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [1, 2, 3]);
        new RandomHorizontalFlip(1).Apply(single, seed: 1).ReadAll<float>().Should().Equal(3, 2, 1, 6, 5, 4);
        var bad = () => new RandomHorizontalFlip(1.5);
        bad.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Normalize_computes_x_minus_mean_over_std_per_channel_exactly()
    {
        using var scope = NewDisposeScope();
        var random = new Random(5);
        var x = Enumerable.Range(0, 2 * 3 * 4 * 4).Select(_ => (float)random.NextDouble()).ToArray();
        using var batch = tensor(x, [2, 3, 4, 4]);
        var normalize = Cifar10.Normalization;
        normalize.Mean.Should().Equal(0.4914f, 0.4822f, 0.4465f);
        normalize.Std.Should().Equal(0.2470f, 0.2435f, 0.2616f);

        var result = normalize.Apply(batch, seed: 0).ReadAll<float>();
        var expected = new float[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var channel = i / 16 % 3;
            expected[i] = (x[i] - Cifar10.Mean[channel]) / Cifar10.Std[channel];
        }
        result.Should().Equal(expected);

        using var single = tensor(x.AsSpan(0, 48).ToArray(), [3, 4, 4]);
        normalize.Apply(single, seed: 0).ReadAll<float>().Should().Equal(expected.AsSpan(0, 48).ToArray());
    }

    [Fact]
    public void Normalize_checks_its_input()
    {
        using var scope = NewDisposeScope();
        var normalize = Cifar10.Normalization;
        var channels = () => normalize.Apply(zeros(2, 4, 3, 3), seed: 0);
        channels.Should().Throw<ArgumentException>().WithMessage("*3 channel statistics but the images have 4 channels*");
        var bytes = () => normalize.Apply(zeros([1, 3, 2, 2], ScalarType.Byte), seed: 0);
        bytes.Should().Throw<ArgumentException>().WithMessage("*floating-point*ToFloatTensor*");
        var zeroStd = () => new Normalize([0f], [0f]);
        zeroStd.Should().Throw<ArgumentException>();
        var lengths = () => new Normalize([0f, 1f], [1f]);
        lengths.Should().Throw<ArgumentException>().WithMessage("*2 means and 1 stds*");
    }

    [Fact]
    public void ToFloatTensor_divides_bytes_by_255()
    {
        using var scope = NewDisposeScope();
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        using var input = tensor(bytes, [1, 1, 16, 16]);
        var result = new ToFloatTensor().Apply(input, seed: 0);
        result.dtype.Should().Be(ScalarType.Float32);
        TensorData.ToArray<float>(result).Should().Equal(bytes.Select(b => b / 255f));
        var floats = () => new ToFloatTensor().Apply(result, seed: 0);
        floats.Should().Throw<ArgumentException>().WithMessage("*expects uint8*");
    }

    [Fact]
    public void Compose_runs_in_order_and_is_reproducible_per_seed()
    {
        using var scope = NewDisposeScope();
        var (images, labels) = CifarTestFiles.Make(12);
        var (x, _) = new Cifar10Dataset(images, labels).GetBatch(Enumerable.Range(0, 12).ToArray());
        var train = Cifar10.TrainTransform();
        train.Transforms.Select(t => t.GetType()).Should().Equal(
            typeof(RandomCrop), typeof(RandomHorizontalFlip), typeof(ToFloatTensor), typeof(Normalize));

        var a = train.Apply(x, seed: 11);
        a.dtype.Should().Be(ScalarType.Float32);
        a.shape.Should().Equal(12, 3, 32, 32);
        train.Apply(x, seed: 11).ReadAll<float>().Should().Equal(TensorData.ToArray<float>(a));
        train.Apply(x, seed: 12).ReadAll<float>().Should().NotEqual(TensorData.ToArray<float>(a));

        // Step by step with one Random gives the same result.
        var random = new Random(11);
        using var cropped = new RandomCrop(32, padding: 4).Apply(x, random);
        using var flipped = new RandomHorizontalFlip(0.5).Apply(cropped, random);
        using var scaled = new ToFloatTensor().Apply(flipped, random);
        Cifar10.Normalization.Apply(scaled, random).ReadAll<float>().Should().Equal(TensorData.ToArray<float>(a));

        var test = Cifar10.TestTransform().Apply(x, seed: 0);
        TensorData.ToArray<float>(test)[5].Should().Be((images[5] / 255f - 0.4914f) / 0.2470f);
    }
}
