namespace ResNetTab.Engine.Serialization;

/// <summary>
/// The one exception a damaged safetensors file raises: an <see cref="InvalidDataException"/> whose message names
/// the file and the problem (too short, truncated, a corrupt header, an unknown dtype, tensor offsets that do not
/// describe the data section, or a failed checksum), as every load failure of a damaged file in ResNetTab is.
/// </summary>
internal static class SafetensorsErrors
{
    public static InvalidDataException Invalid(string path, string problem, Exception? inner = null) =>
        new($"'{path}' is not a valid safetensors file: {problem}", inner);
}
