namespace ResNetTab.Models.Datasets;

/// <summary>
/// Reads and writes the CIFAR-10 binary format: each record is one label byte (0–9) followed by
/// 3,072 pixel bytes — 1,024 red, 1,024 green, 1,024 blue, each a row-major 32×32 plane.
/// </summary>
/// <remarks>
/// The dataset is the "CIFAR-10 binary version" (<c>cifar-10-binary.tar.gz</c>) from the University of
/// Toronto's CIFAR page, <see href="https://www.cs.toronto.edu/~kriz/cifar.html"/>. Extracted, its folder
/// <c>cifar-10-batches-bin</c> holds <c>data_batch_1.bin</c> … <c>data_batch_5.bin</c> (10,000 training
/// images each), <c>test_batch.bin</c> (10,000 test images) and <c>batches.meta.txt</c> (class names).
/// </remarks>
public static partial class Cifar10
{
    /// <summary>Height and width of every image.</summary>
    public const int ImageSize = 32;

    /// <summary>Colour channels (red, green, blue).</summary>
    public const int Channels = 3;

    /// <summary>Pixel bytes of one image: 3 × 32 × 32.</summary>
    public const int ImageBytes = Channels * ImageSize * ImageSize;

    /// <summary>Bytes of one record: the label byte plus the pixels.</summary>
    public const int RecordBytes = 1 + ImageBytes;

    /// <summary>Number of classes; labels are 0 to 9.</summary>
    public const int ClassCount = 10;

    /// <summary>The training files, in reading order.</summary>
    public static IReadOnlyList<string> TrainFiles { get; } =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    /// <summary>The test file.</summary>
    public const string TestFile = "test_batch.bin";

    /// <summary>The class-name file of the binary distribution (one name a line).</summary>
    public const string MetaFile = "batches.meta.txt";

    /// <summary>The folder the archive extracts to.</summary>
    public const string ExtractedFolderName = "cifar-10-batches-bin";

    /// <summary>Where to get the dataset, for error messages and help texts.</summary>
    public const string DownloadHint =
        "Download the CIFAR-10 binary version (cifar-10-binary.tar.gz) from the University of Toronto's CIFAR page, " +
        "https://www.cs.toronto.edu/~kriz/cifar.html, and extract it (tar xzf cifar-10-binary.tar.gz); " +
        "the folder cifar-10-batches-bin holds data_batch_1.bin … data_batch_5.bin and test_batch.bin.";

    /// <summary>The standard class names, by label.</summary>
    public static IReadOnlyList<string> DefaultClassNames { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Per-channel mean (R, G, B) of the training images scaled to [0, 1].</summary>
    public static IReadOnlyList<float> Mean { get; } = [0.4914f, 0.4822f, 0.4465f];

    /// <summary>Per-channel standard deviation (R, G, B) of the training images scaled to [0, 1].</summary>
    public static IReadOnlyList<float> Std { get; } = [0.2470f, 0.2435f, 0.2616f];

    /// <summary>
    /// Loads the training set (the five <c>data_batch_*.bin</c> files, in order) or the test set
    /// (<c>test_batch.bin</c>) into memory. Class names come from <c>batches.meta.txt</c> when present.
    /// </summary>
    /// <param name="folder">The extracted dataset folder, or a folder containing <c>cifar-10-batches-bin</c>.</param>
    /// <param name="train">True for the training set, false for the test set.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A data file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is truncated, not in the CIFAR-10 format, or has a label above 9.</exception>
    public static Cifar10Dataset Load(string folder, bool train = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var root = ResolveFolder(folder);
        IReadOnlyList<string> files = train ? TrainFiles : [TestFile];
        var paths = files.Select(f => Path.Combine(root, f)).ToArray();
        foreach (var path in paths)
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"CIFAR-10 file not found: {path}. {DownloadHint}", path);
        }

        var sizes = paths.Select(RecordCount).ToArray();
        var total = sizes.Sum(n => (long)n);
        if (total * ImageBytes > Array.MaxLength)
            throw new InvalidDataException($"The CIFAR-10 files in {root} hold {total} records, more than one array can hold.");
        var images = new byte[total * ImageBytes];
        var labels = new byte[total];
        var offset = 0;
        for (var i = 0; i < paths.Length; i++)
        {
            ReadInto(paths[i], sizes[i], images.AsSpan(offset * ImageBytes, sizes[i] * ImageBytes), labels.AsSpan(offset, sizes[i]));
            offset += sizes[i];
        }
        return new Cifar10Dataset(images, labels, ReadClassNames(root));
    }

    /// <summary>Reads one CIFAR-10 binary file (with the standard class names).</summary>
    /// <param name="path">A <c>data_batch_*.bin</c> or <c>test_batch.bin</c> file, or any file in that format.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, not in the CIFAR-10 format, or has a label above 9.</exception>
    public static Cifar10Dataset ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"CIFAR-10 file not found: {path}. {DownloadHint}", path);
        var n = RecordCount(path);
        var images = new byte[(long)n * ImageBytes];
        var labels = new byte[n];
        ReadInto(path, n, images, labels);
        return new Cifar10Dataset(images, labels, DefaultClassNames);
    }

    /// <summary>
    /// Writes images and labels as a CIFAR-10 binary file (creating or replacing it), e.g. to make small
    /// test files in the real format.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="images">N × 3 × 32 × 32 pixel bytes: for each image its red, green and blue planes, row-major.</param>
    /// <param name="labels">N labels, each 0 to 9.</param>
    /// <exception cref="ArgumentException">The sizes disagree or a label is above 9.</exception>
    public static void Write(string path, ReadOnlySpan<byte> images, ReadOnlySpan<byte> labels)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if ((long)labels.Length * ImageBytes != images.Length)
            throw new ArgumentException(
                $"{images.Length} image bytes do not match {labels.Length} labels: each image needs {ImageBytes} bytes (3 × 32 × 32).",
                nameof(images));
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= ClassCount)
                throw new ArgumentException($"Label {labels[i]} of record {i} is out of range: CIFAR-10 labels are 0 to 9.", nameof(labels));
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        for (var i = 0; i < labels.Length; i++)
        {
            stream.WriteByte(labels[i]);
            stream.Write(images.Slice(i * ImageBytes, ImageBytes));
        }
    }

    /// <summary>Writes a dataset as a CIFAR-10 binary file.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="dataset">The images and labels to write.</param>
    public static void Write(string path, Cifar10Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Write(path, dataset.Images, dataset.Labels);
    }

    /// <summary>Normalisation with the CIFAR-10 channel statistics <see cref="Mean"/> and <see cref="Std"/>.</summary>
    public static Normalize Normalization => new(Mean, Std);

    /// <summary>
    /// The standard CIFAR training augmentation for uint8 batches from <see cref="Cifar10Dataset"/>:
    /// <c>RandomCrop(32, padding: 4)</c>, <c>RandomHorizontalFlip(0.5)</c>, <see cref="ToFloatTensor"/>,
    /// then <see cref="Normalization"/>.
    /// </summary>
    public static Compose TrainTransform() =>
        new(new RandomCrop(ImageSize, padding: 4), new RandomHorizontalFlip(0.5), new ToFloatTensor(), Normalization);

    /// <summary>The evaluation transform: <see cref="ToFloatTensor"/>, then <see cref="Normalization"/>.</summary>
    public static Compose TestTransform() => new(new ToFloatTensor(), Normalization);
}
