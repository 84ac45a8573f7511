
namespace ResNetTab.Pipeline.Tests;

[Collection(PipelineCollection.Name)]
public sealed class ResumeTests(PipelineFixture fixture)
{
    [Fact]
    public void Fit_stopped_after_an_epoch_resumes_to_the_uninterrupted_result()
    {
        var checkpoint = Path.Combine(fixture.Root, "resume.checkpoint.safetensors");
        using var cancellation = new CancellationTokenSource();
        var stopAfterFirstEpoch = new StopAfterEpoch(cancellation);
        var interrupted = () => fixture.Fit(seed: 1, checkpoint, stopAfterFirstEpoch, cancellation.Token);
        interrupted.Should().Throw<OperationCanceledException>();
        File.Exists(checkpoint).Should().BeTrue();

        using var resumed = fixture.Fit(seed: 1, checkpoint);
        resumed.Manifest.Training.History.Should().HaveCount(3);
        var expected = fixture.Bundle.Score([fixture.Events]).Select(e => e.Score).ToArray();
        resumed.Score([fixture.Events]).Select(e => e.Score).Should().Equal(expected);
    }

    private sealed class StopAfterEpoch(CancellationTokenSource source) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value)
        {
            if (value.Training?.Completed is { Epoch: 0 }) source.Cancel();
        }
    }
}
