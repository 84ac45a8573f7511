using ResNetTab.Engine.Serialization;
using ResNetTab.Engine.Tensors;
using static TorchSharp.torch;

namespace ResNetTab.Engine.Tests.Serialization;

/// <summary>A failed save leaves any previous file intact and no temporary file behind.</summary>
public sealed class SafetensorsAtomicWriteTests : IDisposable
{
    private readonly SafetensorsTestFiles files = new();
    private readonly Tensor previous = arange(4).to(float32);
    private readonly Tensor big = ones(64, 1024);

    public void Dispose()
    {
        previous.Dispose();
        big.Dispose();
        files.Dispose();
    }

    private string SavePrevious(string name)
    {
        var path = files.Path(name);
        Safetensors.Save(path, [new("previous", previous)]);
        return path;
    }

    private static void ShouldHoldPrevious(string path)
    {
        using var loaded = Safetensors.Load(path);
        loaded.Keys.Should().Equal("previous");
        TensorData.ToArray<float>(loaded["previous"]).Should().Equal(0, 1, 2, 3);
    }

    /// <summary>A stream that fails like a full disk after a number of bytes.</summary>
    private sealed class FailingStream(Stream inner, long failAfter) : Stream
    {
        private long written;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (written + buffer.Length > failAfter) throw new IOException("No space left on device (simulated).");
            inner.Write(buffer);
            written += buffer.Length;
        }
    }

    [Fact]
    public void A_write_failing_midway_keeps_the_previous_file_and_removes_the_temporary_one()
    {
        var path = SavePrevious("model.safetensors");
        var tensors = new Dictionary<string, Tensor> { ["a"] = big, ["b"] = previous };
        FluentActions.Invoking(() => Safetensors.Save(path, tensors, null, s => new FailingStream(s, 100_000), checksum: true))
            .Should().Throw<IOException>().WithMessage("*No space left*");
        ShouldHoldPrevious(path);
        files.Files().Should().Equal("model.safetensors");
    }

    [Fact]
    public void A_tensor_that_fails_before_writing_keeps_the_previous_file()
    {
        var path = SavePrevious("model.safetensors");
        var disposed = ones(3);
        disposed.Dispose();
        FluentActions.Invoking(() => Safetensors.Save(path, [new("ok", big), new("gone", disposed)]))
            .Should().Throw<InvalidOperationException>("TorchSharp refuses a disposed tensor");
        ShouldHoldPrevious(path);
        files.Files().Should().Equal("model.safetensors");
    }

    [Fact]
    public void An_enumeration_that_throws_keeps_the_previous_file()
    {
        var path = SavePrevious("model.safetensors");
        IEnumerable<KeyValuePair<string, Tensor>> Broken()
        {
            yield return new("ok", big);
            throw new InvalidOperationException("state dict failed");
        }
        FluentActions.Invoking(() => Safetensors.Save(path, Broken())).Should().Throw<InvalidOperationException>();
        ShouldHoldPrevious(path);
        files.Files().Should().Equal("model.safetensors");
    }

    [Fact]
    public void A_failed_rename_removes_the_temporary_file()
    {
        // The target is a directory, so the final rename fails after the data was written.
        var target = files.Path("taken");
        Directory.CreateDirectory(target);
        FluentActions.Invoking(() => Safetensors.Save(target, [new("a", big)])).Should().Throw<IOException>();
        Directory.Exists(target).Should().BeTrue();
        files.Files().Should().BeEmpty();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_directory_without_write_permission_keeps_the_previous_file()
    {
        var path = SavePrevious("model.safetensors");
        File.SetUnixFileMode(files.Directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var probe = files.Path("probe");
            bool enforced;
            try
            {
                File.WriteAllBytes(probe, []);
                File.Delete(probe);
                enforced = false; // privileged users (root) ignore directory permissions
            }
            catch (UnauthorizedAccessException)
            {
                enforced = true;
            }
            if (enforced)
                FluentActions.Invoking(() => Safetensors.Save(path, [new("a", big)])).Should().Throw<UnauthorizedAccessException>();
            else
                Safetensors.Save(path, [new("previous", previous)]);
            ShouldHoldPrevious(path);
            files.Files().Should().Equal("model.safetensors");
        }
        finally
        {
            File.SetUnixFileMode(files.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void A_successful_save_leaves_only_the_target_file()
    {
        var path = SavePrevious("model.safetensors");
        Safetensors.Save(path, [new("a", big)]);
        files.Files().Should().Equal("model.safetensors");
        using var loaded = Safetensors.Load(path);
        loaded["a"].shape.Should().Equal(64, 1024);
    }
}
