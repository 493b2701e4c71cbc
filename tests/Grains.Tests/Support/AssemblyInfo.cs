// Each class runs its own silos and memcached, and several count memcached operations with `stats`:
// classes run one after another (two cores; parallel clusters only slow each other down).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
