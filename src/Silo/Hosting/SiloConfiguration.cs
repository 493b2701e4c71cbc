using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Sessions.Silo.Options;

namespace Sessions.Silo.Hosting;

/// <summary>Reads and validates the host's options before the host is built, so bad configuration stops the process at once.</summary>
internal static class SiloConfiguration
{
    public static SiloHostOptions Read(IConfiguration configuration)
    {
        var options = new SiloHostOptions();
        try
        {
            configuration.GetSection(SiloHostOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationException(SiloHostOptions.SectionName, typeof(SiloHostOptions), [$"{SiloHostOptions.SectionName}: {ex.Message}"]);
        }

        var errors = SiloHostOptionsValidator.Check(options, configuration);
        return errors.Count == 0
            ? options
            : throw new OptionsValidationException(SiloHostOptions.SectionName, typeof(SiloHostOptions), errors);
    }
}
