using ResNetTab.Models.Datasets;

namespace ResNetTab.Models.Tests.Data;

/// <summary>A temporary folder, deleted on dispose, and small CIFAR-10 files with known contents.</summary>
internal sealed class CifarTestFiles : IDisposable
{
    public CifarTestFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "resnettab-cifar-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>The known value of pixel (channel, y, x) of image <paramref name="image"/>.</summary>
    public static byte Pixel(int image, int channel, int y, int x) => (byte)((image * 37) + (channel * 101) + (y * 13) + (x * 7));

    /// <summary>The known label of image <paramref name="image"/>.</summary>
    public static byte Label(int image) => (byte)((image * 3) % 10);

    /// <summary>Images <paramref name="first"/> … first + count − 1 with the known pixel pattern, and their labels.</summary>
    public static (byte[] images, byte[] labels) Make(int count, int first = 0)
    {
        var images = new byte[count * Cifar10.ImageBytes];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = Label(first + i);
            for (var c = 0; c < 3; c++)
                for (var y = 0; y < 32; y++)
                    for (var x = 0; x < 32; x++)
                        images[(i * Cifar10.ImageBytes) + (c * 1024) + (y * 32) + x] = Pixel(first + i, c, y, x);
        }
        return (images, labels);
    }

    /// <summary>Writes a file of <paramref name="count"/> images starting at image <paramref name="first"/>.</summary>
    public string WriteFile(string name, int count, int first = 0)
    {
        var (images, labels) = Make(count, first);
        var path = PathOf(name);
        Cifar10.Write(path, images, labels);
        return path;
    }

    /// <summary>Writes the five training files (sizes 5, 3, 7, 4, 6: 25 images in all) and a test file of 9.</summary>
    public void WriteDataset(string? subfolder = null)
    {
        int[] sizes = [5, 3, 7, 4, 6];
        var prefix = subfolder is null ? "" : subfolder + Path.DirectorySeparatorChar;
        var first = 0;
        for (var i = 0; i < sizes.Length; i++)
        {
            WriteFile($"{prefix}data_batch_{i + 1}.bin", sizes[i], first);
            first += sizes[i];
        }
        WriteFile(prefix + "test_batch.bin", 9, 1000);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
