using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ResNetTab.Anomaly;

/// <summary>
/// Writes a little-endian float32 .npy file (format 1.0) row block by row block: the header reserves room for the
/// final shape, which is written once the row count is known. The file is written under a temporary name and moved
/// into place on <see cref="Complete"/>.
/// </summary>
internal sealed class NpyStreamWriter : IDisposable
{
    private const int HeaderLength = 128;
    private readonly string path;
    private readonly string temporary;
    private readonly int columns;
    private FileStream? stream;

    public NpyStreamWriter(string path, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        this.path = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(this.path);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        temporary = this.path + ".tmp-" + Guid.NewGuid().ToString("N");
        this.columns = columns;
        stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write);
        stream.Write(Header(0));
    }

    public long Rows { get; private set; }

    public void Append(ReadOnlySpan<float> values)
    {
        ObjectDisposedException.ThrowIf(stream is null, this);
        if (values.Length % columns != 0) throw new ArgumentException($"{values.Length} values do not form rows of {columns} columns.", nameof(values));
        stream.Write(MemoryMarshal.AsBytes(values));
        Rows += values.Length / columns;
    }

    public void Complete()
    {
        ObjectDisposedException.ThrowIf(stream is null, this);
        stream.Position = 0;
        stream.Write(Header(Rows));
        stream.Flush(flushToDisk: true);
        stream.Dispose();
        stream = null;
        File.Move(temporary, path, overwrite: true);
    }

    public void Dispose()
    {
        if (stream is null) return;
        stream.Dispose();
        stream = null;
        File.Delete(temporary);
    }

    private byte[] Header(long rows)
    {
        var dict = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {columns}), }}");
        var body = dict.PadRight(HeaderLength - 10 - 1) + "\n";
        var header = new byte[HeaderLength];
        byte[] magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0];
        magic.CopyTo(header, 0);
        header[8] = (byte)(HeaderLength - 10);
        header[9] = 0;
        Encoding.ASCII.GetBytes(body).CopyTo(header, 10);
        return header;
    }
}
