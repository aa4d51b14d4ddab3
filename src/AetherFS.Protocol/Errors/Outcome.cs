using System.Diagnostics.CodeAnalysis;

namespace AetherFS.Protocol.Errors;

/// <summary>A value, or the <see cref="ApiError"/> that stood in its way.</summary>
public readonly record struct Outcome<T>
{
    public Outcome(T value) => Value = value;

    public Outcome(ApiError error) => Error = error;

    public T? Value { get; }

    public ApiError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    [MemberNotNullWhen(true, nameof(Value))]
    public bool Succeeded => Error is null;

#pragma warning disable CA2225 // Outcomes are built by returning a value or an error; named alternatives add nothing.
    public static implicit operator Outcome<T>(T value) => new(value);

    public static implicit operator Outcome<T>(ApiError error) => new(error);
#pragma warning restore CA2225
}
