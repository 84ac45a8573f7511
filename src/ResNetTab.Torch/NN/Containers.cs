using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules
{
    /// <summary>Runs its children in order; children are named "0", "1", … unless names are given.</summary>
    public sealed class Sequential : nn.Module<Tensor, Tensor>
    {
        [NotAComponent] private readonly List<nn.Module<Tensor, Tensor>> layers = new();

        /// <summary>Creates an empty sequence; add layers with <see cref="append"/>.</summary>
        public Sequential() : base(nameof(Sequential)) { }

        /// <summary>Creates a sequence of layers named by position.</summary>
        public Sequential(params nn.Module<Tensor, Tensor>[] layers) : base(nameof(Sequential))
        {
            for (var i = 0; i < layers.Length; i++) Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture), layers[i]);
        }

        /// <summary>Creates a sequence of named layers.</summary>
        public Sequential(params (string name, nn.Module<Tensor, Tensor> layer)[] layers) : base(nameof(Sequential))
        {
            foreach (var (name, layer) in layers) Add(name, layer);
        }

        /// <summary>Appends a layer under the next positional name.</summary>
        public void append(nn.Module<Tensor, Tensor> layer) => Add(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);

        private void Add(string name, nn.Module<Tensor, Tensor> layer)
        {
            ArgumentNullException.ThrowIfNull(layer);
            register_module(name, layer);
            layers.Add(layer);
        }

        /// <summary>Number of layers.</summary>
        public int Count => layers.Count;

        /// <summary>The layer at a position.</summary>
        public nn.Module<Tensor, Tensor> this[int index] => layers[index];

        /// <summary>Applies each layer to the previous one's output.</summary>
        /// <remarks>Intermediate results are freed as soon as the next layer has used them; the result belongs to the caller (and its dispose scope).</remarks>
        public override Tensor forward(Tensor input)
        {
            var x = input;
            foreach (var layer in layers)
            {
                var y = layer.call(x);
                // Free each intermediate as soon as the next layer has consumed it (not the caller's input,
                // nor a tensor a layer handed back unchanged): without a dispose scope they would wait for
                // the finalizer, holding native memory meanwhile.
                if (!ReferenceEquals(x, input) && !ReferenceEquals(y, x)) x.Dispose();
                x = y;
            }
            return x;
        }
    }

    /// <summary>A list of submodules registered as "0", "1", … (PyTorch's nn.ModuleList).</summary>
    public sealed class ModuleList<T> : nn.Module, IReadOnlyList<T> where T : nn.Module
    {
        [NotAComponent] private readonly List<T> items = new();

        /// <summary>Creates a list holding <paramref name="modules"/>.</summary>
        public ModuleList(params T[] modules) : base(nameof(ModuleList<T>).Split('`')[0])
        {
            foreach (var m in modules) append(m);
        }

        /// <summary>Appends a module.</summary>
        public ModuleList<T> append(T module)
        {
            ArgumentNullException.ThrowIfNull(module);
            register_module(items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
            items.Add(module);
            return this;
        }

        /// <summary>Appends several modules.</summary>
        public ModuleList<T> extend(IEnumerable<T> modules)
        {
            foreach (var m in modules) append(m);
            return this;
        }

        /// <inheritdoc />
        public T this[int index] => items[index];

        /// <inheritdoc />
        public int Count => items.Count;

        /// <inheritdoc />
        public IEnumerator<T> GetEnumerator() => items.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => items.GetEnumerator();
    }

    /// <summary>Submodules by name, in insertion order (PyTorch's nn.ModuleDict).</summary>
    public sealed class ModuleDict<T> : nn.Module, IReadOnlyDictionary<string, T> where T : nn.Module
    {
        [NotAComponent] private readonly OrderedDictionary<string, T> items = new();

        /// <summary>Creates a dictionary holding the given named modules.</summary>
        public ModuleDict(params (string name, T module)[] modules) : base("ModuleDict")
        {
            foreach (var (name, module) in modules) Add(name, module);
        }

        /// <summary>Adds a module under <paramref name="name"/>.</summary>
        public void Add(string name, T module)
        {
            ArgumentNullException.ThrowIfNull(module);
            register_module(name, module);
            items[name] = module;
        }

        /// <inheritdoc />
        public T this[string key] => items[key];

        /// <inheritdoc />
        public IEnumerable<string> Keys => items.Keys;

        /// <inheritdoc />
        public IEnumerable<T> Values => items.Values;

        /// <inheritdoc />
        public int Count => items.Count;

        /// <inheritdoc />
        public bool ContainsKey(string key) => items.ContainsKey(key);

        /// <inheritdoc />
        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value) => items.TryGetValue(key, out value);

        /// <inheritdoc />
        public IEnumerator<KeyValuePair<string, T>> GetEnumerator() => items.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => items.GetEnumerator();
    }
}

namespace ResNetTab.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A sequence of layers named "0", "1", ….</summary>
            public static Modules.Sequential Sequential(params Module<Tensor, Tensor>[] layers) => new(layers);

            /// <summary>A sequence of named layers.</summary>
            public static Modules.Sequential Sequential(params (string name, Module<Tensor, Tensor> layer)[] layers) => new(layers);

            /// <summary>A list of submodules.</summary>
            public static Modules.ModuleList<T> ModuleList<T>(params T[] modules) where T : Module => new(modules);

            /// <summary>A dictionary of submodules.</summary>
            public static Modules.ModuleDict<T> ModuleDict<T>(params (string name, T module)[] modules) where T : Module => new(modules);
        }
    }
}
