using System.Text;
using ResNetTab.Core.IO;

namespace ResNetTab.Core.Tests;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "resnettab-core-" + Guid.NewGuid().ToString("N"));

    public AtomicFileTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string File(string name) => Path.Combine(_dir, name);

    private string Temporary(string target, TimeSpan age)
    {
        var path = File($".{target}.{Guid.NewGuid():N}.tmp");
        System.IO.File.WriteAllText(path, "half-written");
        System.IO.File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }

    [Fact]
    public void Text_and_streamed_writes_replace_the_target_and_leave_no_temporary()
    {
        var path = File("model.json");
        AtomicFile.WriteAllText(path, "first é");
        System.IO.File.ReadAllBytes(path).Should().Equal(Encoding.UTF8.GetBytes("first é"));
        AtomicFile.Write(path, s => s.Write("second"u8));
        System.IO.File.ReadAllText(path).Should().Be("second");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        System.IO.File.ReadAllBytes(path).Should().Equal(1, 2, 3);
        Directory.GetFiles(_dir).Should().Equal(path);
    }

    [Fact]
    public void A_failing_writer_leaves_the_old_content_and_no_temporary()
    {
        var path = File("model.json");
        AtomicFile.WriteAllText(path, "old");
        var act = () => AtomicFile.Write(path, s =>
        {
            s.Write("new, partial"u8);
            throw new InvalidOperationException("disk full");
        });
        act.Should().Throw<InvalidOperationException>().WithMessage("disk full");
        System.IO.File.ReadAllText(path).Should().Be("old");
        Directory.GetFiles(_dir).Should().Equal(path);
    }

    [Fact]
    public void Stale_temporaries_of_the_same_target_are_removed_and_nothing_else()
    {
        var path = File("model.json");
        var stale = Enumerable.Range(0, 3).Select(_ => Temporary("model.json", TimeSpan.FromHours(5))).ToList();
        var recent = Temporary("model.json", TimeSpan.FromSeconds(5));
        var otherTarget = Temporary("other.json", TimeSpan.FromHours(5));
        var notOurs = File(".model.json.backup.tmp");
        System.IO.File.WriteAllText(notOurs, "keep");
        System.IO.File.SetLastWriteTimeUtc(notOurs, DateTime.UtcNow.AddHours(-5));

        AtomicFile.WriteAllText(path, "content");

        stale.Should().OnlyContain(f => !System.IO.File.Exists(f));
        System.IO.File.Exists(recent).Should().BeTrue();
        System.IO.File.Exists(otherTarget).Should().BeTrue();
        System.IO.File.Exists(notOurs).Should().BeTrue();
        System.IO.File.ReadAllText(path).Should().Be("content");
    }

    [Fact]
    public void A_temporary_held_open_by_a_live_writer_is_kept_however_old()
    {
        var path = File("model.json");
        var live = Temporary("model.json", TimeSpan.FromHours(1));
        using (new FileStream(live, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            AtomicFile.CleanStaleTemporaries(path).Should().Be(0);
            System.IO.File.Exists(live).Should().BeTrue();
        }
        // The writer is gone (its process was killed): the next writer removes it.
        AtomicFile.CleanStaleTemporaries(path).Should().Be(1);
        System.IO.File.Exists(live).Should().BeFalse();
    }

    [Fact]
    public void Seventeen_killed_saves_leave_nothing_after_the_next_save()
    {
        var path = File("scorer.json");
        for (var i = 0; i < 17; i++) Temporary("scorer.json", AtomicFile.StaleAge + TimeSpan.FromSeconds(1 + i));
        AtomicFile.WriteAllText(path, "ok");
        Directory.GetFiles(_dir).Should().Equal(path);
    }
}
