// These tests measure time and count threads: one at a time, so they do not compete for the cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
