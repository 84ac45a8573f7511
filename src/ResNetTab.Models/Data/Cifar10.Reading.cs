namespace ResNetTab.Models.Datasets;

public static partial class Cifar10
{
    private const int RecordsPerRead = 1024;

    /// <summary>The folder holding the files: the given one, or its <c>cifar-10-batches-bin</c> subfolder.</summary>
    private static string ResolveFolder(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"CIFAR-10 folder not found: {Path.GetFullPath(folder)}. {DownloadHint}");
        var nested = Path.Combine(folder, ExtractedFolderName);
        var hasFiles = File.Exists(Path.Combine(folder, TestFile)) || File.Exists(Path.Combine(folder, TrainFiles[0]));
        return !hasFiles && Directory.Exists(nested) ? nested : folder;
    }

    /// <summary>Number of records in a file, after checking its size.</summary>
    private static int RecordCount(string path)
    {
        var length = new FileInfo(path).Length;
        if (length == 0)
            throw new InvalidDataException($"{path}: the file is empty: truncated or not a CIFAR-10 binary file.");
        if (length % RecordBytes != 0)
            throw new InvalidDataException(
                $"{path}: truncated or not a CIFAR-10 binary file: {length} bytes is not a multiple of {RecordBytes} " +
                $"(1 label byte + {ImageBytes} pixel bytes per record).");
        var records = length / RecordBytes;
        if (records > Array.MaxLength / ImageBytes)
            throw new InvalidDataException($"{path}: {records} records are more than one array can hold.");
        return (int)records;
    }

    /// <summary>Reads <paramref name="count"/> records, splitting labels from pixels and checking each label.</summary>
    private static void ReadInto(string path, int count, Span<byte> images, Span<byte> labels)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[RecordsPerRead * RecordBytes];
        for (var start = 0; start < count; start += RecordsPerRead)
        {
            var n = Math.Min(RecordsPerRead, count - start);
            var chunk = buffer.AsSpan(0, n * RecordBytes);
            try
            {
                stream.ReadExactly(chunk);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"{path}: the file ended early (it changed while being read): truncated or not a CIFAR-10 binary file.", e);
            }
            for (var r = 0; r < n; r++)
            {
                var record = chunk.Slice(r * RecordBytes, RecordBytes);
                var label = record[0];
                if (label >= ClassCount)
                    throw new InvalidDataException(
                        $"{path}: record {start + r} has label {label}, but CIFAR-10 labels are 0 to 9 " +
                        "(not a CIFAR-10 binary file? CIFAR-100 records hold two label bytes).");
                labels[start + r] = label;
                record[1..].CopyTo(images.Slice((start + r) * ImageBytes, ImageBytes));
            }
        }
    }

    /// <summary>Class names from <c>batches.meta.txt</c> when present, else the standard ones.</summary>
    private static IReadOnlyList<string> ReadClassNames(string folder)
    {
        var path = Path.Combine(folder, MetaFile);
        if (!File.Exists(path)) return DefaultClassNames;
        var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length != ClassCount)
            throw new InvalidDataException($"{path}: expected {ClassCount} class names (one a line), found {names.Length}.");
        return names;
    }
}
