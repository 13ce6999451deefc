using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansAgents.Hosting;

/// <summary>The one way this project registers options: bound to a section, data annotations checked at start.</summary>
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
}
