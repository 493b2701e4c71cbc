// One shared system for every test of this assembly (see WebCollection); nothing runs in parallel with it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
