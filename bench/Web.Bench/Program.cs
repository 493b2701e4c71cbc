// Web session bench. The same page under three session set-ups, loaded by wrk on loopback:
//   cluster — our store (AddClusterSessionStore) on a real silo process + memcached, as the WebFront uses it
//   redis   — ASP.NET Core's AddSession() on AddStackExchangeRedisCache (local redis-server)
//   none    — the same page without a session (the limit)
// Usage: dotnet run -c Release --project bench/Web.Bench -- [run] [--rounds 5] [--seconds 10] [--sessions 1000] [--connections 32] [--quick]
//        dotnet run -c Release --project bench/Web.Bench -- lostupdates
// ("serve --mode X" is how the harness starts each app.)
using Web.Bench;

return args.FirstOrDefault() switch
{
    "serve" => await BenchApp.ServeAsync(args),
    "lostupdates" => await LostUpdates.RunAsync(BenchSettings.Parse(args)),
    _ => await Harness.RunAsync(BenchSettings.Parse(args)),
};
