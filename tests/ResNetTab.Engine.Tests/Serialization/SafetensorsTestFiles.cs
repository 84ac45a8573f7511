using ResNetTab.Engine.Serialization;
using ResNetTab.Engine.Tensors;
using System.Buffers.Binary;
using System.Text;
using static TorchSharp.torch;

namespace ResNetTab.Engine.Tests.Serialization;

/// <summary>A temporary directory per test, and helpers to build safetensors files by hand.</summary>
public sealed class SafetensorsTestFiles : IDisposable
{
    /// <summary>Creates an empty temporary directory.</summary>
    public SafetensorsTestFiles()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "resnettab-st-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The temporary directory.</summary>
    public string Directory { get; }

    /// <summary>A path inside the temporary directory.</summary>
    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>Path of a committed reference file.</summary>
    public static string Oracle(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Oracle", name);

    /// <summary>Writes a file from a header text and <paramref name="dataBytes"/> bytes of data (0, 1, 2, …).</summary>
    public string WriteRaw(string name, string header, long dataBytes, ulong? declaredLength = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        for (var i = 0; i < dataBytes; i++) bytes[8 + json.Length + i] = (byte)i;
        var path = Path(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Saves as the reference implementation would: without ResNetTab's checksum entry.</summary>
    public static void SaveWithoutChecksum(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        Safetensors.Save(path, tensors, metadata, wrapOutput: null, checksum: false);

    /// <summary>The bytes after the header of a safetensors file.</summary>
    public static byte[] DataRegion(byte[] file) => file[(8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file))..];

    /// <summary>Names of the files in the temporary directory.</summary>
    public string[] Files() => System.IO.Directory.GetFiles(Directory).Select(f => System.IO.Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The tensors of <c>Oracle/st_dtypes.safetensors</c>, rebuilt from the arithmetic in
    /// <c>generate_safetensors.py</c>, in its insertion order.
    /// </summary>
    public static OrderedDictionary<string, Tensor> DtypeTensors()
    {
        var six = Enumerable.Range(0, 6).Select(i => (double)i).ToArray();
        return new OrderedDictionary<string, Tensor>
        {
            ["f32"] = tensor(six.Select(v => (float)(v * 0.5 - 1.25)).ToArray(), [2, 3]),
            ["f64"] = tensor(six.Select(v => v / 3.0 - 0.5).ToArray(), [2, 3]),
            ["f16"] = tensor(six.Select(v => (float)(v * 0.25 - 0.5)).ToArray(), [2, 3], dtype: float16),
            ["bf16"] = tensor(six.Select(v => (float)(v * 2.0 - 3.0)).ToArray(), [2, 3], dtype: bfloat16),
            ["i64"] = tensor(new[] { -(1L << 40), -1, 0, 7, 1L << 62 }),
            ["i32"] = tensor(new[] { int.MinValue, -5, 0, 5, int.MaxValue }),
            ["i16"] = tensor(new long[] { -32768, -2, 0, 3, 32767 }, dtype: int16),
            ["i8"] = tensor(new long[] { -128, -1, 0, 127 }, [2, 2], dtype: int8),
            ["u8"] = tensor(new byte[] { 0, 1, 128, 255 }),
            ["bool"] = tensor(new[] { true, false, false, true, true }),
            ["scalar"] = tensor(3.5f),
            ["empty"] = zeros(0, 4),
            ["größe"] = tensor(new long[] { 1, 2 }),
        };
    }

    /// <summary>The metadata the generator stores in <c>st_dtypes.safetensors</c>.</summary>
    public static OrderedDictionary<string, string> DtypeMetadata() => new() { ["format"] = "pt", ["note"] = "dtype round trip" };

    /// <summary>Element-wise equality as float64 (exact for every dtype the tests use) plus dtype and shape.</summary>
    public static void ShouldMatch(Tensor actual, Tensor expected, string because = "")
    {
        actual.dtype.Should().Be(expected.dtype, because);
        actual.shape.Should().Equal(expected.shape, because);
        if (expected.dtype == int64)
            TensorData.ToArray<long>(actual).Should().Equal(TensorData.ToArray<long>(expected), because);
        else
            TensorData.ToArray<double>(actual).Should().Equal(TensorData.ToArray<double>(expected), because);
    }

    /// <summary>Deletes the temporary directory.</summary>
    public void Dispose()
    {
        try
        {
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
