using TorchSharp;

namespace ResNetTab.Engine.Serialization;

/// <summary>
/// A file is not a valid safetensors file: too short, truncated, a corrupt header, an unknown dtype,
/// or tensor offsets that do not describe the data section. The message names the file and the problem.
/// </summary>
public sealed class SafetensorsFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/> with a description of the problem.</summary>
    public SafetensorsFormatException(string path, string problem, Exception? inner = null)
        : base($"'{path}' is not a valid safetensors file: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file that failed to read.</summary>
    public string Path { get; }

    /// <summary>What is wrong with the file, without the file name.</summary>
    public string Problem { get; }
}
