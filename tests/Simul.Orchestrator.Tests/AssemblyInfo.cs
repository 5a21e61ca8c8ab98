// The load-model and end-to-end tests measure time with real timers: one test at a time, so a
// busy thread pool in one cannot delay another's timers.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
