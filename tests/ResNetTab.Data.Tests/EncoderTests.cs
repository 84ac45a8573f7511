using System.Net;
using ResNetTab.Data.Encoders;
using ResNetTab.Data;

namespace ResNetTab.Data.Tests;

public class EncoderTests
{
    private static float[] EncodeNumeric(FieldEncoder e, FieldValue? v, DriftTally? drift = null)
    {
        var num = new float[e.NumericalNames().Count];
        e.Encode(v, num, new long[e.CategoricalNames().Count], drift ?? new DriftTally());
        return num;
    }

    [Fact]
    public void Quantile_normal_matches_scikit_learn()
    {
        var o = Oracle.Load();
        var sample = Oracle.Doubles(o.GetProperty("sample"));
        var qn = o.GetProperty("quantile_normal");
        var options = new FeaturePlanOptions { Scaling = NumericScaling.QuantileNormal, QuantileCount = qn.GetProperty("n_quantiles").GetInt32(), Clip = 0 };
        var e = NumericEncoder.Fit("x", sample, log1p: false, missingIndicator: false, options);
        e.Quantiles.Should().Equal(Oracle.Doubles(qn.GetProperty("quantiles")), (a, b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b)));
        var points = Oracle.Doubles(o.GetProperty("points"));
        var expected = Oracle.Doubles(qn.GetProperty("expected"));
        for (var i = 0; i < points.Length; i++)
            e.TransformValue(points[i]).Should().BeApproximately(expected[i], 1e-9, $"x = {points[i]}");
    }

    [Fact]
    public void Robust_scaling_of_log1p_values_matches_numpy()
    {
        var o = Oracle.Load();
        var sample = Oracle.Doubles(o.GetProperty("sample"));
        var rob = o.GetProperty("robust_log1p");
        var e = NumericEncoder.Fit("x", sample, log1p: true, missingIndicator: true, new FeaturePlanOptions { Scaling = NumericScaling.Robust, Clip = 0 });
        e.Median.Should().BeApproximately(rob.GetProperty("median").GetDouble(), 1e-12);
        e.Iqr.Should().BeApproximately(rob.GetProperty("iqr").GetDouble(), 1e-12);
        var points = Oracle.Doubles(o.GetProperty("points"));
        var expected = Oracle.Doubles(rob.GetProperty("expected"));
        for (var i = 0; i < points.Length; i++)
        {
            e.TransformValue(points[i]).Should().BeApproximately(expected[i], 1e-9);
            EncodeNumeric(e, FieldValue.FromNumber(points[i])).Should().Equal((float)expected[i], 0f);
        }
    }

    [Fact]
    public void Log1p_matches_numpy_including_tiny_values()
    {
        var l = Oracle.Load().GetProperty("log1p");
        var x = Oracle.Doubles(l.GetProperty("x"));
        var y = Oracle.Doubles(l.GetProperty("expected"));
        for (var i = 0; i < x.Length; i++) NumericMath.Log1p(x[i]).Should().BeApproximately(y[i], 1e-15 * Math.Max(1, y[i]));
        NumericMath.SignedLog1p(-1).Should().BeApproximately(-Math.Log(2), 1e-15);
    }

    [Fact]
    public void Numeric_missing_nan_infinite_and_wrong_type_become_zero_with_indicator()
    {
        var e = new NumericEncoder { Field = "bytes", Scaling = NumericScaling.Robust, Median = 10, Iqr = 4, Clip = 5, MissingIndicator = true };
        var drift = new DriftTally();
        EncodeNumeric(e, FieldValue.FromNumber(18), drift).Should().Equal(2f, 0f);
        EncodeNumeric(e, FieldValue.FromNumber(1000), drift).Should().Equal(5f, 0f); // clipped
        EncodeNumeric(e, FieldValue.FromString("14"), drift).Should().Equal(1f, 0f); // numeric text accepted
        EncodeNumeric(e, null, drift).Should().Equal(0f, 1f);
        EncodeNumeric(e, FieldValue.Null, drift).Should().Equal(0f, 1f);
        EncodeNumeric(e, FieldValue.FromNumber(double.NaN), drift).Should().Equal(0f, 1f);
        EncodeNumeric(e, FieldValue.FromNumber(double.PositiveInfinity), drift).Should().Equal(0f, 1f);
        EncodeNumeric(e, FieldValue.FromString("lots"), drift).Should().Equal(0f, 1f);
        drift.WrongTypes.Should().Equal(new Dictionary<string, long> { ["bytes"] = 1 });
        e.NumericalNames().Should().Equal("bytes", "bytes.is_missing");
    }

    [Fact]
    public void Timestamp_sin_cos_match_calendar_reference()
    {
        var e = new TimestampEncoder { Field = "time", MissingIndicator = true };
        foreach (var row in Oracle.Load().GetProperty("time").EnumerateArray())
        {
            var ms = row.GetProperty("ms").GetInt64();
            TimestampEncoder.HourOfDay(ms).Should().BeApproximately(row.GetProperty("hour").GetDouble(), 1e-9);
            TimestampEncoder.DayOfWeek(ms).Should().Be(row.GetProperty("dow").GetInt32());
            var expected = new[] { "hour_sin", "hour_cos", "dow_sin", "dow_cos" }.Select(k => (float)row.GetProperty(k).GetDouble()).Append(0f);
            if (Math.Abs(ms) >= 1e11)
                EncodeNumeric(e, FieldValue.FromNumber(ms)).Should().Equal(expected);
        }
    }

    [Fact]
    public void Timestamp_units_and_strings_are_understood()
    {
        var e = new TimestampEncoder { Field = "time", MissingIndicator = true };
        var fromMs = EncodeNumeric(e, FieldValue.FromNumber(1_729_048_460_000));
        EncodeNumeric(e, FieldValue.FromNumber(1_729_048_460)).Should().Equal(fromMs);           // seconds (Zeek samples)
        EncodeNumeric(e, FieldValue.FromNumber(1_729_048_460_000_000)).Should().Equal(fromMs);   // microseconds
        EncodeNumeric(e, FieldValue.FromString("2024-10-16T03:14:20Z")).Should().Equal(fromMs);  // RFC 3339
        EncodeNumeric(e, null).Should().Equal(0f, 0f, 0f, 0f, 1f);
        // 2024-10-16T03:14:20Z: hour 3.2389, Wednesday (3).
        TimestampEncoder.HourOfDay(1_729_048_460_000).Should().BeApproximately(3 + 14 / 60.0 + 20 / 3600.0, 1e-12);
        TimestampEncoder.DayOfWeek(1_729_048_460_000).Should().Be(3);
    }

    [Fact]
    public void Categorical_reserves_mask_missing_unknown_and_respects_min_frequency()
    {
        var counts = new Dictionary<string, long> { ["3002"] = 5, ["4001"] = 9, ["1007"] = 5, ["6003"] = 1 };
        var e = CategoricalEncoder.Fit("class_uid", counts, overflow: false, minFrequency: 2, maxVocabulary: 100, hashBuckets: 64);
        e.Vocabulary.Should().Equal("4001", "1007", "3002"); // by count, then ordinal
        e.Cardinality.Should().Be(6);
        var drift = new DriftTally();
        long Enc(FieldValue? v)
        {
            var cat = new long[1];
            e.Encode(v, [], cat, drift);
            return cat[0];
        }
        Enc(FieldValue.FromNumber(4001)).Should().Be(3);
        Enc(FieldValue.FromNumber(1007)).Should().Be(4);
        Enc(FieldValue.FromString("3002")).Should().Be(5);
        Enc(FieldValue.FromNumber(6003)).Should().Be(Reserved.Unknown); // rare at fit
        Enc(FieldValue.FromNumber(9999)).Should().Be(Reserved.Unknown); // unseen
        Enc(null).Should().Be(Reserved.Missing);
        Enc(FieldValue.Null).Should().Be(Reserved.Missing);
        drift.UnseenCategories["class_uid"].Should().Be(2);
    }

    [Fact]
    public void High_cardinality_categorical_uses_stable_hashing()
    {
        var counts = Enumerable.Range(0, 50).ToDictionary(i => "user" + i, _ => 3L);
        var e = CategoricalEncoder.Fit("actor.user.name", counts, overflow: false, minFrequency: 1, maxVocabulary: 10, hashBuckets: 16);
        e.HashBuckets.Should().Be(16);
        e.Cardinality.Should().Be(19);
        e.IndexOf("never-seen").Should().Be(3 + (long)(StableHash.Fnv1a64("never-seen") % 16));
    }

    [Fact]
    public void Ip_encoder_hashes_address_and_network_and_flags_private_ranges()
    {
        var e = new IpEncoder { Field = "src_endpoint.ip", HashBuckets = 1024 };
        e.CategoricalNames().Should().Equal("src_endpoint.ip.addr", "src_endpoint.ip.net");
        e.Cardinalities().Should().Equal(1027, 1027);
        var num = new float[1];
        var cat = new long[2];
        var drift = new DriftTally();
        e.Encode(FieldValue.FromString("172.31.98.44"), num, cat, drift);
        cat.Should().Equal(3 + StableHash.Bucket("172.31.98.44", 1024), 3 + StableHash.Bucket("172.31.98.0/24", 1024));
        num[0].Should().Be(1);
        e.Encode(FieldValue.FromString("8.8.8.8"), num, cat, drift);
        num[0].Should().Be(0);
        e.Encode(null, num, cat, drift);
        cat.Should().Equal(1, 1);
        e.Encode(FieldValue.FromString("not-an-ip"), num, cat, drift);
        cat.Should().Equal(2, 2);
        drift.WrongTypes["src_endpoint.ip"].Should().Be(1);

        IpEncoder.NetworkOf(IPAddress.Parse("2001:db8:1:2:3:4:5:6")).Should().Be("2001:db8:1:2::/64");
        IpEncoder.IsPrivate(IPAddress.Parse("fd00::1")).Should().BeTrue();
        IpEncoder.IsPrivate(IPAddress.Parse("100.66.205.104")).Should().BeTrue(); // CGNAT
        IpEncoder.IsPrivate(IPAddress.Parse("2001:db8::1")).Should().BeFalse();
        IpEncoder.Parse("::ffff:10.1.2.3")!.ToString().Should().Be("10.1.2.3");
    }

    [Fact]
    public void Boolean_encoder_reads_bools_text_and_01()
    {
        var e = new BooleanEncoder { Field = "is_mfa", MissingIndicator = true };
        EncodeNumeric(e, FieldValue.FromBoolean(true)).Should().Equal(1f, 0f);
        EncodeNumeric(e, FieldValue.FromString("false")).Should().Equal(0f, 0f);
        EncodeNumeric(e, FieldValue.FromNumber(1)).Should().Equal(1f, 0f);
        EncodeNumeric(e, null).Should().Equal(0f, 1f);
        EncodeNumeric(e, FieldValue.FromString("maybe")).Should().Equal(0f, 1f);
    }
}
