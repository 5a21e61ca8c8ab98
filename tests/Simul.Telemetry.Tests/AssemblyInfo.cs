// One collector, environment variables set for the process, real workers: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
