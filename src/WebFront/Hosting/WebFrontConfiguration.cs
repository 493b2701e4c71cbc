using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WebFront.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Binding and validating the front-end's options where composition needs their values at once.</summary>
internal static class WebFrontConfiguration
{
    public const string RedisConnectionStringKey = "ConnectionStrings:redis";

    private static readonly WebFrontOptionsValidator s_validator = new();

    /// <summary>
    /// Binds a section, registers it as options validated at start, and returns it validated now (composition needs
    /// the values); each failure names its key.
    /// </summary>
    public static T Bind<T>(IHostApplicationBuilder builder, string section)
        where T : class, new()
    {
        var validator = (IValidateOptions<T>)(object)s_validator;
        builder.Services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton(validator));
        T options = builder.Configuration.GetSection(section).Get<T>() ?? new T();
        if (validator.Validate(null, options) is { Failed: true } result)
        {
            throw new OptionsValidationException(section, typeof(T), result.Failures);
        }

        return options;
    }

    /// <summary>The Redis connection string, required because of <paramref name="why"/>.</summary>
    public static string RequireRedis(IHostApplicationBuilder builder, string why) =>
        builder.Configuration.GetConnectionString("redis") is { Length: > 0 } redis
            ? redis
            : throw new OptionsValidationException(RedisConnectionStringKey, typeof(string), [$"{RedisConnectionStringKey} is required because {why}"]);
}
