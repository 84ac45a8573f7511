// Tests seed libtorch's global random generator (manual_seed) and draw from it; running test classes in
// parallel would interleave their draws and make results depend on scheduling.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
