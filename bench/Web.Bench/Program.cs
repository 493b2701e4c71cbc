// Web session bench. The same pages (a minimal bench page and the WebFront's shop page) under four session set-ups,
// loaded by wrk on loopback:
//   cluster — our store (AddClusterSessionStore) on a real silo process + memcached, as the WebFront uses it
//   redis   — ASP.NET Core's AddSession() on AddStackExchangeRedisCache (local redis-server)
//   none    — the same page without a session (the limit)
//   grain   — the bench page calling the session grain itself (the floor of any grain-hosted session)
// Usage: dotnet run -c Release --project bench/Web.Bench -- [run] [--page bench|shop|both] [--rounds 5] [--seconds 10] [--sessions 1000] [--connections 32] [--quick]
//        dotnet run -c Release --project bench/Web.Bench -- lostupdates
// ("serve --mode X" is how the harness starts each app.)
using Web.Bench;

return args.FirstOrDefault() switch
{
    "serve" => await BenchApp.ServeAsync(args),
    "lostupdates" => await LostUpdates.RunAsync(BenchSettings.Parse(args)),
    _ => await Harness.RunAsync(BenchSettings.Parse(args)),
};
