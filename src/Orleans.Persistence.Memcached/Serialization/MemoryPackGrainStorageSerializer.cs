using System.Buffers;
using MemoryPack;
using Orleans.Storage;

namespace Orleans.Persistence.Memcached.Serialization;

/// <summary>
/// Serializes <c>[MemoryPackable]</c> state types with MemoryPack (compact, fast, version-tolerant
/// when marked so) and every other type with the fallback serializer (the silo's own by default).
/// </summary>
public sealed class MemoryPackGrainStorageSerializer : IGrainStorageSerializer
{
    private readonly IGrainStorageSerializer _fallback;

    /// <summary>Creates the serializer over <paramref name="fallback"/>, used for types that are not <c>[MemoryPackable]</c>.</summary>
    public MemoryPackGrainStorageSerializer(IGrainStorageSerializer fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        _fallback = fallback is MemoryPackGrainStorageSerializer wrapped ? wrapped._fallback : fallback;
    }

    /// <summary>Whether <typeparamref name="T"/> is serialized with MemoryPack.</summary>
    public static bool IsMemoryPackable<T>() => Packable<T>.Value;

    /// <inheritdoc />
    public BinaryData Serialize<T>(T? input) =>
        Packable<T>.Value ? new BinaryData(MemoryPackSerializer.Serialize(input)) : _fallback.Serialize(input);

    /// <summary>
    /// Serializes a <c>[MemoryPackable]</c> <paramref name="input"/> (see <see cref="IsMemoryPackable{T}"/>) straight
    /// into <paramref name="writer"/>, without an intermediate array.
    /// </summary>
    internal static void SerializeTo<T, TWriter>(T? input, TWriter writer)
        where TWriter : class, IBufferWriter<byte> =>
        MemoryPackSerializer.Serialize(writer, input);

    /// <inheritdoc />
    public T Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Packable<T>.Value
            ? MemoryPackSerializer.Deserialize<T>(input.ToMemory().Span) ?? throw new InvalidOperationException($"MemoryPack produced null for {typeof(T).Name}.")
            : _fallback.Deserialize<T>(input) ?? throw new InvalidOperationException($"The storage serializer produced null for {typeof(T).Name}.");
    }

    private static class Packable<T>
    {
        public static readonly bool Value = typeof(T).GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IMemoryPackable<>));
    }
}
