namespace ResNetTab.Models.Datasets;

/// <summary>The order in which an epoch visits a data set: identity, or a Fisher–Yates shuffle driven by <c>new Random(seed + epoch)</c>.</summary>
internal static class EpochOrder
{
    public static int[] Of(int count, bool shuffle, int seed, int epoch)
    {
        var order = new int[count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        if (!shuffle) return order;
        var random = new Random(unchecked(seed + epoch));
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
