using ResNetTab.Models.Datasets;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Data;

public sealed class Cifar10ReaderTests : IDisposable
{
    private readonly CifarTestFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void Written_file_has_the_binary_layout_and_reads_back_exactly()
    {
        var (images, labels) = CifarTestFiles.Make(25);
        var path = files.PathOf("data_batch_1.bin");
        Cifar10.Write(path, images, labels);

        var bytes = File.ReadAllBytes(path);
        bytes.Length.Should().Be(25 * 3073);
        // Record 7: label byte, then 1,024 red, 1,024 green, 1,024 blue, row-major.
        bytes[7 * 3073].Should().Be(CifarTestFiles.Label(7));
        bytes[(7 * 3073) + 1 + (2 * 1024) + (5 * 32) + 9].Should().Be(CifarTestFiles.Pixel(7, 2, 5, 9));

        var read = Cifar10.ReadFile(path);
        read.Count.Should().Be(25);
        read.Images.Should().Equal(images);
        read.Labels.Should().Equal(labels);
        read.ClassNames.Should().Equal(Cifar10.DefaultClassNames);
        read.Get(3).Label.Should().Be(CifarTestFiles.Label(3));
        read.Get(3).Pixels.ToArray().Should().Equal(images.AsSpan(3 * 3072, 3072).ToArray());
    }

    [Fact]
    public void Load_reads_the_five_training_files_in_order_and_the_test_file()
    {
        files.WriteDataset();

        var train = Cifar10.Load(files.Folder, train: true);
        train.Count.Should().Be(25);
        train.Images.Should().Equal(CifarTestFiles.Make(25).images);
        train.Labels.Should().Equal(CifarTestFiles.Make(25).labels);

        var test = Cifar10.Load(files.Folder, train: false);
        test.Count.Should().Be(9);
        test.Images.Should().Equal(CifarTestFiles.Make(9, first: 1000).images);
        test.Labels.Should().Equal(CifarTestFiles.Make(9, first: 1000).labels);
    }

    [Fact]
    public void Load_accepts_the_folder_that_contains_the_extracted_archive()
    {
        files.WriteDataset(subfolder: "cifar-10-batches-bin");
        Cifar10.Load(files.Folder, train: false).Count.Should().Be(9);
    }

    [Fact]
    public void Class_names_come_from_batches_meta_txt_when_present()
    {
        files.WriteDataset();
        Cifar10.Load(files.Folder).ClassNames.Should().Equal(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

        string[] names = ["a0", "b1", "c2", "d3", "e4", "f5", "g6", "h7", "i8", "j9"];
        File.WriteAllText(files.PathOf("batches.meta.txt"), string.Join("\n", names) + "\n\n");
        Cifar10.Load(files.Folder).ClassNames.Should().Equal(names);
    }

    [Fact]
    public void Meta_file_with_the_wrong_number_of_names_is_an_error_naming_it()
    {
        files.WriteDataset();
        var meta = files.PathOf("batches.meta.txt");
        File.WriteAllText(meta, "cat\ndog\n");
        var act = () => Cifar10.Load(files.Folder);
        act.Should().Throw<InvalidDataException>().WithMessage($"*{meta}*expected 10 class names*found 2*");
    }

    [Fact]
    public void Missing_folder_says_where_to_get_the_dataset()
    {
        var folder = files.PathOf("nowhere");
        var act = () => Cifar10.Load(folder);
        var e = act.Should().Throw<DirectoryNotFoundException>().Which;
        e.Message.Should().Contain(folder).And.Contain("CIFAR-10 binary version").And.Contain("cifar-10-binary.tar.gz")
            .And.Contain("University of Toronto").And.Contain("https://www.cs.toronto.edu/~kriz/cifar.html");
    }

    [Fact]
    public void Missing_file_is_named_with_where_to_get_the_dataset()
    {
        files.WriteDataset();
        var missing = files.PathOf("data_batch_3.bin");
        File.Delete(missing);
        var act = () => Cifar10.Load(files.Folder, train: true);
        var e = act.Should().Throw<FileNotFoundException>().Which;
        e.FileName.Should().Be(missing);
        e.Message.Should().Contain(missing).And.Contain("cifar-10-binary.tar.gz").And.Contain("CIFAR-10 binary version");

        File.Delete(files.PathOf("test_batch.bin"));
        var test = () => Cifar10.Load(files.Folder, train: false);
        test.Should().Throw<FileNotFoundException>().WithMessage("*test_batch.bin*");

        var single = () => Cifar10.ReadFile(missing);
        single.Should().Throw<FileNotFoundException>().WithMessage($"*{missing}*cifar-10-binary.tar.gz*");
    }

    [Fact]
    public void Truncated_file_is_an_error_naming_it_and_its_size()
    {
        files.WriteDataset();
        var path = files.PathOf("data_batch_2.bin");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length - 100).ToArray());
        var size = bytes.Length - 100;

        var act = () => Cifar10.Load(files.Folder);
        act.Should().Throw<InvalidDataException>()
            .WithMessage($"{path}*truncated or not a CIFAR-10 binary file: {size} bytes is not a multiple of 3073*");
        var single = () => Cifar10.ReadFile(path);
        single.Should().Throw<InvalidDataException>().WithMessage($"*{path}*{size} bytes is not a multiple of 3073*");
    }

    [Fact]
    public void Empty_file_is_an_error_naming_it()
    {
        var path = files.PathOf("test_batch.bin");
        File.WriteAllBytes(path, []);
        var act = () => Cifar10.ReadFile(path);
        act.Should().Throw<InvalidDataException>().WithMessage($"{path}*empty*not a CIFAR-10 binary file*");
    }

    [Fact]
    public void Label_above_9_is_an_error_naming_the_file_and_record()
    {
        files.WriteDataset();
        var path = files.PathOf("data_batch_4.bin");
        var bytes = File.ReadAllBytes(path);
        bytes[3 * 3073] = 12;
        File.WriteAllBytes(path, bytes);

        var act = () => Cifar10.Load(files.Folder);
        act.Should().Throw<InvalidDataException>().WithMessage($"{path}*record 3 has label 12*labels are 0 to 9*");
    }

    [Fact]
    public void Write_rejects_mismatched_sizes_and_bad_labels()
    {
        var path = files.PathOf("x.bin");
        var sizes = () => Cifar10.Write(path, new byte[3072 * 2], new byte[3]);
        sizes.Should().Throw<ArgumentException>().WithMessage("*6144 image bytes do not match 3 labels*");
        var label = () => Cifar10.Write(path, new byte[3072 * 2], new byte[] { 1, 10 });
        label.Should().Throw<ArgumentException>().WithMessage("*Label 10 of record 1*");
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public void Dataset_batches_are_uint8_images_and_int64_labels_in_channel_first_layout()
    {
        var (images, labels) = CifarTestFiles.Make(25);
        var dataset = new Cifar10Dataset(images, labels);
        using var scope = NewDisposeScope();
        var (x, y) = dataset.GetBatch([4, 0, 17]);
        x.dtype.Should().Be(ScalarType.Byte);
        x.shape.Should().Equal(3, 3, 32, 32);
        y.dtype.Should().Be(ScalarType.Int64);
        TensorData.ToArray<long>(y).Should().Equal(CifarTestFiles.Label(4), CifarTestFiles.Label(0), CifarTestFiles.Label(17));
        var data = x.data<byte>();
        data[0, 0, 0, 0].Should().Be(CifarTestFiles.Pixel(4, 0, 0, 0));
        data[1, 1, 3, 30].Should().Be(CifarTestFiles.Pixel(0, 1, 3, 30));
        data[2, 2, 31, 5].Should().Be(CifarTestFiles.Pixel(17, 2, 31, 5));

        var outside = () => dataset.GetBatch([25]);
        outside.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Index 25*25 images*");
    }

    [Fact]
    public void Dataset_constructor_checks_its_arguments()
    {
        var act = () => new Cifar10Dataset(new byte[3072], new byte[2]);
        act.Should().Throw<ArgumentException>().WithMessage("*3072 image bytes do not match 2 labels*");
        var label = () => new Cifar10Dataset(new byte[3072], new byte[] { 11 });
        label.Should().Throw<ArgumentException>().WithMessage("*Label 11 of record 0*");
        var names = () => new Cifar10Dataset(new byte[3072], new byte[1], ["a"]);
        names.Should().Throw<ArgumentException>().WithMessage("*10 classes*1 class names*");
    }

    [Fact]
    public void Take_copies_the_first_images()
    {
        var (images, labels) = CifarTestFiles.Make(25);
        var head = new Cifar10Dataset(images, labels).Take(4);
        head.Count.Should().Be(4);
        head.Images.Should().Equal(images.AsSpan(0, 4 * 3072).ToArray());
        head.Labels.Should().Equal(labels.AsSpan(0, 4).ToArray());
    }
}
