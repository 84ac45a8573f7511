using static TorchSharp.torch;

namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// Makes libtorch's calls on the current thread single-threaded until disposed, then restores the previous count.
/// libtorch keeps its OpenMP/MKL thread count per calling thread, so .NET workers that each run their own GEMMs
/// do not oversubscribe the cores (on a loaded machine spinning OpenMP teams cost far more than they save).
/// </summary>
internal sealed class TorchThreads : IDisposable
{
    private readonly int _previous;

    private TorchThreads()
    {
        _previous = get_num_threads();
        if (_previous != 1) set_num_threads(1);
    }

    public static TorchThreads One() => new();

    public void Dispose()
    {
        if (_previous != 1) set_num_threads(_previous);
    }
}
