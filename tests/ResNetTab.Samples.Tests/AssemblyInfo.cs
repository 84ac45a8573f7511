// Each sample uses every core; running them one at a time keeps the machine from being oversubscribed.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
