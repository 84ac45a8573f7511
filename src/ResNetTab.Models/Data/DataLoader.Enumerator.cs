using System.Collections;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace ResNetTab.Models.Datasets;

public sealed partial class DataLoader
{
    /// <summary>
    /// One epoch's enumeration. Without prefetching it builds each batch in <see cref="MoveNext"/>;
    /// with prefetching a dedicated background thread (which has no dispose scope) builds batches into
    /// a bounded channel, and <see cref="Dispose"/> stops the thread, waits for it and frees what it left.
    /// </summary>
    private sealed class BatchEnumerator : IEnumerator<Batch>
    {
        private readonly DataLoader loader;
        private readonly int epoch;
        private readonly CancellationToken cancellationToken;
        private readonly int batchCount;
        private int[]? order;
        private int next;
        private Batch? current;
        private bool disposed;

        // Prefetching state.
        private Channel<Batch>? channel;
        private Thread? worker;
        private CancellationTokenSource? stop;
        private Exception? workerError;

        public BatchEnumerator(DataLoader loader, int epoch, CancellationToken cancellationToken)
        {
            this.loader = loader;
            this.epoch = epoch;
            this.cancellationToken = cancellationToken;
            batchCount = loader.Count;
        }

        public Batch Current => current ?? throw new InvalidOperationException("Call MoveNext before reading Current.");

        object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            current = null;
            order ??= loader.Order(epoch);
            var batch = loader.Prefetch == 0 ? NextInline() : NextPrefetched();
            if (batch is null) return false;
            current = batch.AdoptIntoCurrentScope();
            return true;
        }

        private Batch? NextInline()
        {
            if (next >= batchCount) return null;
            return loader.Build(epoch, next++, order!);
        }

        private Batch? NextPrefetched()
        {
            if (channel is null) Start();
            var reader = channel!.Reader;
            while (true)
            {
                if (reader.TryRead(out var batch)) return batch;
                if (!reader.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
                {
                    // The worker finished: all batches delivered, or it failed.
                    var error = Volatile.Read(ref workerError);
                    if (error is not null) ExceptionDispatchInfo.Capture(error).Throw();
                    cancellationToken.ThrowIfCancellationRequested();
                    return null;
                }
            }
        }

        private void Start()
        {
            channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(loader.Prefetch)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // A dedicated thread: it never has a dispose scope open, so nothing it hands over can be
            // freed behind the consumer's back, and its blocking waits do not tie up the thread pool.
            worker = new Thread(Produce) { IsBackground = true, Name = $"DataLoader prefetch (epoch {epoch})" };
            worker.Start();
        }

        private void Produce()
        {
            var writer = channel!.Writer;
            var token = stop!.Token;
            try
            {
                for (var b = 0; b < batchCount && !token.IsCancellationRequested; b++)
                {
                    var batch = loader.Build(epoch, b, order!);
                    try
                    {
                        while (!writer.TryWrite(batch))
                        {
                            if (!writer.WaitToWriteAsync(token).AsTask().GetAwaiter().GetResult())
                            {
                                batch.Dispose();
                                return;
                            }
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        batch.Dispose();
                        return;
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
            {
                Volatile.Write(ref workerError, e);
            }
            finally
            {
                writer.TryComplete();
            }
        }

        public void Reset() => throw new NotSupportedException("A data loader epoch cannot be reset; enumerate the loader again.");

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            current = null;
            if (channel is null) return;
            stop!.Cancel();
            worker!.Join();
            // The worker has ended: free the batches it prepared that were never handed out.
            while (channel.Reader.TryRead(out var left)) left.Dispose();
            stop.Dispose();
        }
    }
}
