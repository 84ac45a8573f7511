using System.Buffers.Binary;
using ResNetTab.Models.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Training;

/// <summary>
/// Damaged checkpoints: every truncation and every byte flip, in the header or the tensor data, is refused with an
/// <see cref="InvalidDataException"/> naming the file (the checksum covers the whole file); killed writes leave no
/// temporary files behind once the trainer starts again.
/// </summary>
[Collection(TrainerCollection.Name)]
public sealed class TrainingCheckpointFuzzTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("resnettab-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private sealed class Affine : nn.Module
    {
        public readonly Linear fc = nn.Linear(3, 2);

        public Affine() : base(nameof(Affine)) => RegisterComponents();
    }

    private sealed class Objective : ITrainingObjective<Batch>
    {
        private readonly Affine affine = new();

        public nn.Module Module => affine;

        public string Describe() => "affine squares";

        public Tensor Loss(Batch batch, MetricSums metrics) => affine.fc.call(batch.X).square().sum();
    }

    private sealed class Batch(Tensor x) : ITrainingBatch
    {
        public Tensor X { get; } = x;

        public int Size { get; } = (int)x.shape[0];

        public void Dispose() => X.Dispose();
    }

    private sealed class Source : IBatchSource<Batch>
    {
        public int Count => 2;

        public IEnumerable<Batch> Epoch(int epoch, CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < Count; i++) yield return new Batch(full(4, 3, 0.1f * (epoch + i + 1)));
        }
    }

    private static Trainer<Batch> NewTrainer(string? checkpoint) =>
        new(new Objective(), p => optim.SGD(p, 0.01, momentum: 0.9), options: new TrainerOptions { Epochs = 2, CheckpointPath = checkpoint });

    private string WriteCheckpoint()
    {
        var path = Path.Combine(folder, "run.safetensors");
        manual_seed(3);
        using var trainer = NewTrainer(path);
        trainer.Fit(new Source());
        return path;
    }

    private static void Refused(string path)
    {
        try
        {
            using var checkpoint = TrainingCheckpoint.Load(path);
        }
        catch (InvalidDataException e)
        {
            e.Message.Should().Contain(path);
            return;
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{e.GetType().Name} instead of InvalidDataException: {e.Message}");
        }
        throw new Xunit.Sdk.XunitException($"the damaged checkpoint '{path}' loaded");
    }

    [Fact]
    public void Truncations_and_byte_flips_anywhere_are_refused()
    {
        var original = File.ReadAllBytes(WriteCheckpoint());
        using (var intact = TrainingCheckpoint.Load(Path.Combine(folder, "run.safetensors"))) intact.CompletedEpochs.Should().Be(2);
        var damaged = Path.Combine(folder, "damaged.safetensors");
        var headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(original);
        var random = new System.Random(5);
        // Every data byte and 400 header bytes (damage to the checksum's own key name leaves a checkpoint without a
        // checksum, which the format refuses too).
        var positions = Enumerable.Range(headerEnd, original.Length - headerEnd)
            .Concat(Enumerable.Range(0, 400).Select(_ => random.Next(headerEnd)));
        foreach (var i in positions)
        {
            var bytes = (byte[])original.Clone();
            bytes[i] ^= (byte)(1 << random.Next(8));
            File.WriteAllBytes(damaged, bytes);
            Refused(damaged);
        }
        foreach (var length in new[] { 0, 7, 8, 100, headerEnd - 1, headerEnd, headerEnd + 1, original.Length - 1 })
        {
            File.WriteAllBytes(damaged, original[..length]);
            Refused(damaged);
        }
    }

    [Fact]
    public void A_damaged_checkpoint_is_refused_by_the_trainer_before_it_changes_anything()
    {
        var path = WriteCheckpoint();
        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x40; // inside the tensor data
        File.WriteAllBytes(path, bytes);
        using var trainer = NewTrainer(null);
        trainer.Invoking(t => t.LoadCheckpoint(path)).Should().Throw<InvalidDataException>().WithMessage("*checksum*");
        trainer.CompletedEpochs.Should().Be(0);
    }

    [Fact]
    public void Temporaries_of_killed_writes_are_removed_when_the_trainer_starts_and_before_each_write()
    {
        var path = Path.Combine(folder, "killed.safetensors");
        string Temporary() => Path.Combine(folder, $".killed.safetensors.{Guid.NewGuid():N}.tmp");
        var first = Temporary();
        File.WriteAllBytes(first, new byte[100]); // what a write killed midway leaves: just written, held by no one
        var unrelated = Path.Combine(folder, ".other.safetensors.0123456789abcdef0123456789abcdef.tmp");
        File.WriteAllBytes(unrelated, new byte[1]);

        using var trainer = NewTrainer(path);
        File.Exists(first).Should().BeFalse("the trainer removes its checkpoint's abandoned temporaries when it starts");

        var second = Temporary();
        File.WriteAllBytes(second, new byte[100]);
        using (new FileStream(second, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            trainer.SaveCheckpoint(path);
            File.Exists(second).Should().BeTrue("a temporary a live writer holds open is left alone");
        }
        trainer.SaveCheckpoint(path);
        File.Exists(second).Should().BeFalse("the next write removes it once no writer holds it");
        File.Exists(unrelated).Should().BeTrue("other files' temporaries are not touched");
        Directory.GetFiles(folder, "*.tmp").Should().Equal(unrelated);
    }
}
