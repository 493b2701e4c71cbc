using Microsoft.Extensions.Options;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddSiloDefaults();
    builder.AddSessionGrains();
    builder.AddSiloTelemetry();

    var app = builder.Build();
    app.MapSiloEndpoints();
    await app.RunAsync().ConfigureAwait(false);
    return 0;
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"Invalid configuration:{Environment.NewLine}- {string.Join($"{Environment.NewLine}- ", ex.Failures)}").ConfigureAwait(false);
    return 2;
}
catch (Orleans.Runtime.OrleansConfigurationException ex)
{
    await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
    return 2;
}
