using System.Text;
using k8s.Models;

namespace Deploy.Tests.Support;

/// <summary>A container's environment as the kubelet builds it: envFrom first, then env (later entries win).</summary>
internal static class ContainerEnvironment
{
    public static IReadOnlyDictionary<string, EnvEntry> Resolve(Rendered rendered, V1Container container)
    {
        Dictionary<string, EnvEntry> env = new(StringComparer.Ordinal);
        foreach (var from in container.EnvFrom ?? [])
        {
            if (from.ConfigMapRef is { } configMapRef)
            {
                var map = rendered.All<V1ConfigMap>().SingleOrDefault(c => c.Name() == configMapRef.Name)
                    ?? throw new Xunit.Sdk.XunitException($"{rendered.Directory}: container {container.Name} reads ConfigMap {configMapRef.Name}, which is not rendered.");
                foreach (var (key, value) in map.Data ?? new Dictionary<string, string>())
                {
                    env[key] = new EnvEntry(key, EnvSource.ConfigMap, map.Name(), key, value);
                }
            }

            if (from.SecretRef is { } secretRef)
            {
                foreach (var (key, value) in SecretData(rendered, secretRef.Name))
                {
                    env[key] = new EnvEntry(key, EnvSource.Secret, secretRef.Name, key, value);
                }
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            env[variable.Name] = Entry(rendered, variable);
        }

        return env;
    }

    private static EnvEntry Entry(Rendered rendered, V1EnvVar variable)
    {
        if (variable.ValueFrom is null)
        {
            return new EnvEntry(variable.Name, EnvSource.Literal, null, null, variable.Value ?? string.Empty);
        }

        if (variable.ValueFrom.ConfigMapKeyRef is { } mapRef)
        {
            var map = rendered.All<V1ConfigMap>().SingleOrDefault(c => c.Name() == mapRef.Name);
            string? value = null;
            if (map?.Data?.TryGetValue(mapRef.Key, out value) != true)
            {
                throw new Xunit.Sdk.XunitException($"{rendered.Directory}: {variable.Name} reads key {mapRef.Key} of ConfigMap {mapRef.Name}, which does not exist.");
            }

            return new EnvEntry(variable.Name, EnvSource.ConfigMap, mapRef.Name, mapRef.Key, value);
        }

        if (variable.ValueFrom.SecretKeyRef is { } secretRef)
        {
            var data = SecretData(rendered, secretRef.Name);
            return new EnvEntry(variable.Name, EnvSource.Secret, secretRef.Name, secretRef.Key, data.GetValueOrDefault(secretRef.Key));
        }

        var field = variable.ValueFrom.FieldRef?.FieldPath ?? variable.ValueFrom.ResourceFieldRef?.Resource;
        return new EnvEntry(variable.Name, EnvSource.Field, null, field, null);
    }

    /// <summary>A Secret's decoded data when the overlay renders it; else the keys the same Secret has in the dev overlay, values unknown.</summary>
    public static IReadOnlyDictionary<string, string?> SecretData(Rendered rendered, string name)
    {
        var secret = rendered.All<V1Secret>().SingleOrDefault(s => s.Name() == name);
        if (secret is not null)
        {
            return Decode(secret);
        }

        var dev = Rendered.Overlay("dev").All<V1Secret>().SingleOrDefault(s => Generated.Matches(s.Name(), name))
            ?? throw new Xunit.Sdk.XunitException($"{rendered.Directory}: Secret {name} is neither rendered nor known from the dev overlay.");
        return Decode(dev).ToDictionary(kv => kv.Key, _ => (string?)null);
    }

    private static Dictionary<string, string?> Decode(V1Secret secret)
    {
        Dictionary<string, string?> data = new(StringComparer.Ordinal);
        foreach (var (key, bytes) in secret.Data ?? new Dictionary<string, byte[]>())
        {
            data[key] = Encoding.UTF8.GetString(bytes);
        }

        foreach (var (key, value) in secret.StringData ?? new Dictionary<string, string>())
        {
            data[key] = value;
        }

        return data;
    }
}
