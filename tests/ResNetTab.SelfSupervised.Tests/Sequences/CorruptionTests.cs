using ResNetTab.SelfSupervised.Sequences;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Tests.Sequences;

/// <summary>The three corruptions change exactly what they claim to.</summary>
public sealed class CorruptionTests
{
    // Two windows of 4 steps, 2 event features; window 1 has one padding step in front. Event features = 10·window + step.
    private static Tensor Windows()
    {
        var v = new float[2 * 4 * 5];
        for (var b = 0; b < 2; b++)
            for (var k = 0; k < 4; k++)
            {
                if (b == 1 && k == 0) continue;
                var at = ((b * 4) + k) * 5;
                v[at] = (10 * b) + k + 1;
                v[at + 1] = -((10 * b) + k + 1);
                v[at + 2] = (float)Math.Log(1 + k + 1.0); // gap
                v[at + 3] = k == 0 || (b == 1 && k == 1) ? 1 : 0;
                v[at + 4] = 1;
            }
        return tensor(v, [2, 4, 5]);
    }

    private static float[,,] Array3(Tensor t)
    {
        var v = TensorData.ToArray<float>(t);
        var r = new float[t.shape[0], t.shape[1], t.shape[2]];
        Buffer.BlockCopy(v, 0, r, 0, v.Length * 4);
        return r;
    }

    [Fact]
    public void Shuffled_windows_permute_the_events_keep_gaps_flags_and_padding()
    {
        using var scope = NewDisposeScope();
        var x = Windows();
        var y = Array3(WindowCorruption.Apply(x, 30, new Generator(5), kinds: tensor(new long[] { 0, 0 })));
        var a = Array3(x);
        for (var b = 0; b < 2; b++)
        {
            var before = Enumerable.Range(0, 4).Select(k => a[b, k, 0]).Order().ToArray();
            var after = Enumerable.Range(0, 4).Select(k => y[b, k, 0]).Order().ToArray();
            after.Should().Equal(before);
            for (var k = 0; k < 4; k++)
            {
                y[b, k, 1].Should().Be(-y[b, k, 0], "an event moves whole");
                for (var j = 2; j < 5; j++) y[b, k, j].Should().Be(a[b, k, j], "times and flags stay in place");
            }
        }
        y[1, 0, 0].Should().Be(0, "padding stays in front");
    }

    [Fact]
    public void A_spliced_window_has_exactly_one_event_replaced_by_the_newest_event_of_the_previous_window()
    {
        using var scope = NewDisposeScope();
        var a = Array3(Windows());
        var y = Array3(WindowCorruption.Apply(Windows(), 30, new Generator(3), kinds: tensor(new long[] { 1, 1 })));
        for (var b = 0; b < 2; b++)
        {
            var donor = (b + 1) % 2; // roll by one: window b receives the newest event of window b - 1
            var changed = Enumerable.Range(0, 4).Where(k => y[b, k, 0] != a[b, k, 0]).ToArray();
            changed.Should().ContainSingle();
            y[b, changed[0], 0].Should().Be(a[donor, 3, 0]);
            a[b, changed[0], 4].Should().Be(1, "only a real event is replaced");
        }
    }

    [Fact]
    public void Compressed_windows_divide_the_gaps_of_a_suffix_by_the_factor()
    {
        using var scope = NewDisposeScope();
        var a = Array3(Windows());
        var starts = new HashSet<int>();
        for (var seed = 0; seed < 20; seed++)
        {
            var y = Array3(WindowCorruption.Apply(Windows(), 30, new Generator((ulong)seed), kinds: tensor(new long[] { 2, 2 })));
            for (var b = 0; b < 2; b++)
            {
                var compressed = Enumerable.Range(0, 4).Select(k => y[b, k, 2] != a[b, k, 2]).ToArray();
                var start = Array.IndexOf(compressed, true);
                start.Should().BeInRange(1, 3, "at least the last gap is compressed, never the first step's");
                compressed.Skip(start).Should().OnlyContain(c => c, "a suffix");
                starts.Add(start);
                for (var k = start; k < 4; k++)
                    y[b, k, 2].Should().BeApproximately((float)Math.Log(1 + ((Math.Exp(a[b, k, 2]) - 1) / 30)), 1e-6f);
                for (var k = 0; k < 4; k++)
                {
                    y[b, k, 0].Should().Be(a[b, k, 0]);
                    y[b, k, 3].Should().Be(a[b, k, 3]);
                }
            }
        }
        starts.Should().BeEquivalentTo([1, 2, 3], "every suffix length is drawn");
    }
}
