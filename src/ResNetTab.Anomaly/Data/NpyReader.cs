using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace ResNetTab.Anomaly;

/// <summary>
/// Reads numpy .npy (format version 1.0) and .npz files: little-endian or byte-sized booleans, integers and
/// floats, C order (2-D Fortran-order arrays are transposed to C order), no pickled objects. Anything else raises <see cref="InvalidDataException"/> saying why.
/// </summary>
public static partial class NpyReader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads every array of an .npz archive, keyed by name without the .npy extension.</summary>
    /// <param name="path">The .npz file.</param>
    public static IReadOnlyDictionary<string, NpyArray> ReadNpz(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var result = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            string name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
            using var s = entry.Open();
            using var buffer = new MemoryStream();
            s.CopyTo(buffer);
            buffer.Position = 0;
            result[name] = Read(buffer, $"{path}:{entry.FullName}");
        }
        return result;
    }

    /// <summary>Reads one .npy file.</summary>
    /// <param name="path">The .npy file.</param>
    public static NpyArray ReadNpy(string path)
    {
        using var s = File.OpenRead(path);
        return Read(s, path);
    }

    /// <summary>Reads one .npy array from a stream.</summary>
    /// <param name="stream">Stream positioned at the magic string.</param>
    /// <param name="source">Name used in error messages.</param>
    public static NpyArray Read(Stream stream, string source = "stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = ReadExactly(stream, 10, source);
        if (!head.AsSpan(0, 6).SequenceEqual(Magic)) throw new InvalidDataException($"{source}: not a .npy file (bad magic).");
        if (head[6] != 1 || head[7] != 0)
            throw new InvalidDataException($"{source}: .npy format version {head[6]}.{head[7]} is not supported (only 1.0).");
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(8, 2));
        string header = Encoding.ASCII.GetString(ReadExactly(stream, headerLength, source));

        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw new InvalidDataException($"{source}: malformed .npy header '{header.Trim()}'.");
        bool fortranOrder = fortran.Groups[1].Value == "True";
        int[] dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).ToArray();
        long count = dims.Aggregate(1L, (a, b) => a * b);
        string d = descr.Groups[1].Value;
        int size = ElementSize(d, source);
        var raw = ReadExactly(stream, checked((int)(count * size)), source);
        var values = new double[count];
        var span = raw.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            var e = span.Slice(i * size, size);
            values[i] = d switch
            {
                "<f8" => BinaryPrimitives.ReadDoubleLittleEndian(e),
                "<f4" => BinaryPrimitives.ReadSingleLittleEndian(e),
                "<i8" => BinaryPrimitives.ReadInt64LittleEndian(e),
                "<i4" => BinaryPrimitives.ReadInt32LittleEndian(e),
                "<i2" => BinaryPrimitives.ReadInt16LittleEndian(e),
                "|i1" => (sbyte)e[0],
                "<u8" => BinaryPrimitives.ReadUInt64LittleEndian(e),
                "<u4" => BinaryPrimitives.ReadUInt32LittleEndian(e),
                "<u2" => BinaryPrimitives.ReadUInt16LittleEndian(e),
                "|u1" or "|b1" => e[0],
                _ => throw new InvalidDataException($"{source}: unsupported dtype '{d}'."),
            };
        }
        if (fortranOrder && dims.Length > 2)
            throw new InvalidDataException($"{source}: Fortran-order arrays with more than 2 dimensions are not supported.");
        if (fortranOrder && dims.Length == 2) values = ToRowMajor(values, dims[0], dims[1]);
        return new NpyArray(dims, d, values);
    }

    private static double[] ToRowMajor(double[] columnMajor, int rows, int cols)
    {
        var result = new double[columnMajor.Length];
        for (int c = 0; c < cols; c++)
            for (int r = 0; r < rows; r++) result[((long)r * cols) + c] = columnMajor[((long)c * rows) + r];
        return result;
    }

    private static int ElementSize(string descr, string source) => descr switch
    {
        "<f8" or "<i8" or "<u8" => 8,
        "<f4" or "<i4" or "<u4" => 4,
        "<i2" or "<u2" => 2,
        "|i1" or "|u1" or "|b1" => 1,
        _ => throw new InvalidDataException(
            $"{source}: unsupported dtype '{descr}' (supported: little-endian float32/64, (u)int8–64, bool; no objects)."),
    };

    private static byte[] ReadExactly(Stream s, int n, string source)
    {
        var buffer = new byte[n];
        int read = 0;
        while (read < n)
        {
            int r = s.Read(buffer, read, n - read);
            if (r == 0) throw new InvalidDataException($"{source}: truncated .npy data.");
            read += r;
        }
        return buffer;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
