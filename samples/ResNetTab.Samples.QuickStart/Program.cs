// Quick start for the libtorch binding: fits y = 3x₁ − 2x₂ + 0.5 with autograd and plain gradient
// descent, freeing every intermediate tensor through dispose scopes.
using ResNetTab.Torch.Lifetime;
using static ResNetTab.Torch.torch;

manual_seed(42);
Console.WriteLine($"libtorch {__version__} | threads {get_num_threads()} | OpenBLAS threads {get_blas_num_threads()} | CUDA {cuda.is_available()}");

var device = cuda.is_available() ? CUDA : CPU;
using var x = randn([1024, 2], device: device);
using var trueW = tensor(new float[] { 3, -2 }, [2, 1], device: device);
using var y = x.mm(trueW) + 0.5 + 0.01 * randn([1024, 1], device: device);

using var w = zeros([2, 1], device: device, requires_grad: true);
using var b = zeros([1], device: device, requires_grad: true);
const double learningRate = 0.1;

for (var epoch = 1; epoch <= 200; epoch++)
{
    using var scope = NewDisposeScope();
    var loss = (x.mm(w) + b - y).square().mean();
    loss.backward();
    using (no_grad())
    {
        w.sub_(w.grad!, learningRate);
        b.sub_(b.grad!, learningRate);
        w.grad!.zero_();
        b.grad!.zero_();
    }
    if (epoch % 50 == 0) Console.WriteLine($"epoch {epoch,3}  loss {loss.item<float>():F6}");
}

var weights = w.ReadAll<float>();
Console.WriteLine($"learned w = [{weights[0]:F3}, {weights[1]:F3}], b = {b.item<float>():F3} (true: [3, -2], 0.5)");
Console.WriteLine($"tensors still alive: {TensorStatistics.LiveCount} (x, y, trueW, w, b and their pending temporaries)");
if (Math.Abs(weights[0] - 3) > 0.05 || Math.Abs(weights[1] + 2) > 0.05) return 1;
return 0;
