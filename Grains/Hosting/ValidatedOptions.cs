using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OrleansAgents.Hosting;

/// <summary>
/// The one way this project registers options: bound to a configuration section, checked with data annotations and the
/// class's own validator (kept in the options class's file), at start.
/// </summary>
internal static class ValidatedOptions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to configuration section <paramref name="section"/>, applies
    /// <paramref name="configure"/> after binding, and validates on start so that a bad value stops the silo with a
    /// message naming the key instead of failing at the first request.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section, Action<T>? configure = null)
        where T : class
        => services.AddOptions<T>()
            .BindConfiguration(section)
            .Configure(o => configure?.Invoke(o))
            .ValidateDataAnnotations()
            .ValidateOnStart();

    /// <summary>As <see cref="AddValidatedOptions{T}"/>, plus the cross-field checks of <typeparamref name="TValidator"/>.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T, TValidator>(this IServiceCollection services, string section, Action<T>? configure = null)
        where T : class
        where TValidator : class, IValidateOptions<T>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, TValidator>());
        return services.AddValidatedOptions(section, configure);
    }

    /// <summary>
    /// For the few options read while the host is still being built (before the container exists): binds
    /// <typeparamref name="T"/> from <paramref name="section"/> and applies the same checks as
    /// <see cref="AddValidatedOptions{T, TValidator}"/> at once.
    /// </summary>
    /// <exception cref="OptionsValidationException">A value is out of range or inconsistent; every failure is listed.</exception>
    public static T ReadValidated<T>(this IConfiguration configuration, string section, IValidateOptions<T>? validator = null)
        where T : class, new()
    {
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        var failures = new List<string>();
        foreach (var check in new IValidateOptions<T>?[] { new DataAnnotationValidateOptions<T>(Options.DefaultName), validator })
        {
            if (check?.Validate(Options.DefaultName, options) is { Failed: true } result)
            {
                failures.AddRange(result.Failures ?? []);
            }
        }

        return failures.Count == 0 ? options : throw new OptionsValidationException(section, typeof(T), failures);
    }
}
