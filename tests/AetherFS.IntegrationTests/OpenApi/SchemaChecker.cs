using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AetherFS.IntegrationTests.OpenApi;

/// <summary>
/// Checks a JSON value against a schema of the document: the subset of JSON Schema the document uses ($ref, type,
/// const, enum, pattern, minimum, properties, required, additionalProperties: false, items, allOf, anyOf, oneOf).
/// </summary>
public sealed class SchemaChecker
{
    private readonly ApiDescription _document;

    public SchemaChecker(ApiDescription document) => _document = document;

    /// <summary>Every way <paramref name="value"/> breaks <paramref name="schema"/>, as "path: reason"; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(JsonElement value, JsonElement schema)
    {
        var errors = new List<string>();
        Check(value, schema, "$", errors);
        return errors;
    }

    private void Check(JsonElement value, JsonElement schema, string at, List<string> errors)
    {
        schema = _document.Resolve(schema);
        if (schema.TryGetProperty("type", out var type) && !Types(type).Any(t => HasType(value, t)))
        {
            errors.Add($"{at}: expected {type.GetRawText()}, got {value.ValueKind}");
            return;
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(value, constant))
        {
            errors.Add($"{at}: expected {constant.GetRawText()}, got {value.GetRawText()}");
        }

        if (schema.TryGetProperty("enum", out var choices) && !choices.EnumerateArray().Any(c => JsonElement.DeepEquals(value, c)))
        {
            errors.Add($"{at}: {value.GetRawText()} is not one of {choices.GetRawText()}");
        }

        if (schema.TryGetProperty("pattern", out var pattern) && value.ValueKind == JsonValueKind.String && !Regex.IsMatch(value.GetString()!, pattern.GetString()!))
        {
            errors.Add($"{at}: '{value.GetString()}' does not match {pattern.GetString()}");
        }

        if (schema.TryGetProperty("minimum", out var minimum) && value.ValueKind == JsonValueKind.Number && value.GetDecimal() < minimum.GetDecimal())
        {
            errors.Add($"{at}: {value.GetRawText()} is below {minimum.GetRawText()}");
        }

        if (schema.TryGetProperty("format", out var format) && format.GetString() == "date-time" && value.ValueKind == JsonValueKind.String
            && !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add($"{at}: '{value.GetString()}' is not a date-time");
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            CheckObject(value, schema, at, errors);
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(item, items, $"{at}[{index++}]", errors);
            }
        }

        if (schema.TryGetProperty("allOf", out var all))
        {
            foreach (var part in all.EnumerateArray())
            {
                Check(value, part, at, errors);
            }
        }

        if (schema.TryGetProperty("anyOf", out var any) && !any.EnumerateArray().Any(part => Check(value, part).Count == 0))
        {
            errors.Add($"{at}: matches none of anyOf");
        }

        if (schema.TryGetProperty("oneOf", out var one) && one.EnumerateArray().Count(part => Check(value, part).Count == 0) != 1)
        {
            errors.Add($"{at}: does not match exactly one of oneOf");
        }
    }

    private void CheckObject(JsonElement value, JsonElement schema, string at, List<string> errors)
    {
        var properties = schema.TryGetProperty("properties", out var declared) ? declared : default;
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
            {
                errors.Add($"{at}: required property '{name}' is missing");
            }
        }

        foreach (var property in value.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(property.Value, propertySchema, $"{at}.{property.Name}", errors);
            }
            else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
            {
                errors.Add($"{at}: property '{property.Name}' is not in the schema");
            }
        }
    }

    /// <summary>A schema's <c>type</c>: one name, or several (<c>["string", "null"]</c>).</summary>
    public static IReadOnlyList<string> Types(JsonElement type) =>
        type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => throw new InvalidOperationException($"unknown schema type '{type}'"),
    };
}
