// Each class runs its own silos and memcached: classes run one after another (two cores; parallel clusters only slow each other down).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
