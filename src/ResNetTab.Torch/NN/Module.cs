using ResNetTab.Torch.Modules;

namespace ResNetTab.Torch;

public static partial class torch
{
    /// <summary>Neural-network building blocks, named as PyTorch's <c>torch.nn</c>.</summary>
    public static partial class nn
    {
        /// <summary>
        /// Base class of every layer and model. Holds parameters, buffers and submodules under
        /// PyTorch's names so state dicts exchange with PyTorch by key.
        /// </summary>
        /// <remarks>
        /// <para><b>Registration rule.</b> Fields are registered automatically the first time the
        /// module is used (called, enumerated, moved, saved): a <see cref="Module"/> field becomes a
        /// submodule and a <see cref="Parameter"/> field a parameter, under the field's name (or
        /// <see cref="ComponentNameAttribute"/>'s). A plain <see cref="Tensor"/> field must say what it
        /// is — <see cref="BufferAttribute"/> or <see cref="NotAComponentAttribute"/> — and a field
        /// holding a list or array of modules must be a <see cref="ModuleList"/>; otherwise
        /// registration throws, naming the field, instead of silently missing it.</para>
        /// <para>Explicit <c>register_parameter</c>, <c>register_buffer</c> and <c>register_module</c>
        /// calls work as in PyTorch and take precedence.</para>
        /// </remarks>
        public abstract partial class Module : IDisposable
        {
            private readonly OrderedDictionary<string, Parameter?> parameterTable = new();
            private readonly OrderedDictionary<string, Tensor?> bufferTable = new();
            private readonly HashSet<string> nonPersistentBuffers = new();
            private readonly OrderedDictionary<string, Module> moduleTable = new();
            private bool fieldsRegistered;
            private bool disposed;

            /// <summary>Creates a module named after its type.</summary>
            protected Module() : this(null) { }

            /// <summary>Creates a module with a display name (used by <see cref="ToString"/>).</summary>
            protected Module(string? name) => Name = name ?? GetType().Name;

            /// <summary>The display name of the module (its type name unless given).</summary>
            public string Name { get; }

            /// <summary>The display name of the module (TorchSharp's accessor).</summary>
            public string GetName() => Name;

            /// <summary>True in training mode (dropout active, batch norm uses batch statistics).</summary>
            public bool training { get; private set; } = true;

            // ---- explicit registration ---------------------------------------------------------

            /// <summary>Registers (or, with null, declares) a parameter under <paramref name="name"/>.</summary>
            public void register_parameter(string name, Parameter? parameter)
            {
                ValidateName(name, parameterTable.ContainsKey(name));
                parameterTable[name] = parameter;
            }

            /// <summary>Registers a buffer; non-persistent buffers move with the module but are not saved.</summary>
            public void register_buffer(string name, Tensor? tensor, bool persistent = true)
            {
                ValidateName(name, bufferTable.ContainsKey(name));
                tensor?.DetachFromDisposeScope();
                bufferTable[name] = tensor;
                if (persistent) nonPersistentBuffers.Remove(name);
                else nonPersistentBuffers.Add(name);
            }

            /// <summary>Registers a submodule under <paramref name="name"/>.</summary>
            public void register_module(string name, Module module)
            {
                ArgumentNullException.ThrowIfNull(module);
                ValidateName(name, moduleTable.ContainsKey(name));
                moduleTable[name] = module;
            }

            /// <summary>Registers the fields of this module now (normally done on first use).</summary>
            /// <remarks>Call it at the end of a constructor to surface registration errors early.</remarks>
            public void RegisterComponents() => EnsureRegistered();

            private void ValidateName(string name, bool replacing)
            {
                ArgumentException.ThrowIfNullOrEmpty(name);
                if (name.Contains('.')) throw new ArgumentException($"component name '{name}' must not contain '.'", nameof(name));
                var kinds = (parameterTable.ContainsKey(name) ? 1 : 0) + (bufferTable.ContainsKey(name) ? 1 : 0) + (moduleTable.ContainsKey(name) ? 1 : 0);
                if (kinds > 0 && !replacing)
                    throw new ArgumentException($"'{name}' is already registered in {Name} as another kind of component", nameof(name));
            }

            // ---- enumeration -------------------------------------------------------------------

            /// <summary>Direct submodules with their names.</summary>
            public IEnumerable<(string name, Module module)> named_children()
            {
                EnsureRegistered();
                foreach (var (name, module) in moduleTable) yield return (name, module);
            }

            /// <summary>Direct submodules.</summary>
            public IEnumerable<Module> children() => named_children().Select(c => c.module);

            /// <summary>This module and every submodule, depth first, with dotted names ("" for this one).</summary>
            public IEnumerable<(string name, Module module)> named_modules()
            {
                // The set lives inside the iterator so every enumeration starts afresh.
                var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
                foreach (var item in NamedModules("", seen)) yield return item;
            }

            private IEnumerable<(string, Module)> NamedModules(string prefix, HashSet<Module> seen)
            {
                if (!seen.Add(this)) yield break;
                yield return (prefix, this);
                foreach (var (name, child) in named_children())
                    foreach (var item in child.NamedModules(Join(prefix, name), seen))
                        yield return item;
            }

            /// <summary>This module and every submodule.</summary>
            public IEnumerable<Module> modules() => named_modules().Select(m => m.module);

            /// <summary>Parameters with dotted names, each shared parameter once.</summary>
            public IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
            {
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                foreach (var (prefix, module) in recurse ? named_modules() : [("", this)])
                    foreach (var (name, p) in module.OwnParameters())
                        if (p is not null && seen.Add(p)) yield return (Join(prefix, name), p);
            }

            /// <summary>The module's parameters (each shared parameter once), e.g. for an optimizer.</summary>
            public IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.parameter);

            /// <summary>Buffers with dotted names.</summary>
            public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true)
            {
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                foreach (var (prefix, module) in recurse ? named_modules() : [("", this)])
                    foreach (var (name, b) in module.OwnBuffers())
                        if (b is not null && seen.Add(b)) yield return (Join(prefix, name), b);
            }

            /// <summary>The module's buffers.</summary>
            public IEnumerable<Tensor> buffers(bool recurse = true) => named_buffers(recurse).Select(b => b.buffer);

            internal IEnumerable<(string, Parameter?)> OwnParameters()
            {
                EnsureRegistered();
                foreach (var (name, p) in parameterTable) yield return (name, p);
            }

            internal IEnumerable<(string, Tensor?)> OwnBuffers()
            {
                EnsureRegistered();
                foreach (var (name, b) in bufferTable) yield return (name, b);
            }

            internal bool IsPersistentBuffer(string name) => !nonPersistentBuffers.Contains(name);

            /// <summary>Number of parameter elements (optionally only trainable ones).</summary>
            public long parameter_count(bool trainable_only = false) =>
                parameters().Where(p => !trainable_only || p.requires_grad).Sum(p => p.numel());

            internal static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

            // ---- state -------------------------------------------------------------------------

            /// <summary>Switches this module and all submodules to training (true) or evaluation mode.</summary>
            public Module train(bool mode = true)
            {
                foreach (var m in modules()) m.training = mode;
                return this;
            }

            /// <summary>Switches to evaluation mode (same as <c>train(false)</c>).</summary>
            public Module eval() => train(false);

            /// <summary>Moves every parameter and buffer to <paramref name="device"/>, keeping the parameter objects.</summary>
            public Module to(Device device)
            {
                ApplyToTensors(t => t.to(device));
                return this;
            }

            /// <summary>Converts every floating-point parameter and buffer to <paramref name="dtype"/>.</summary>
            public Module to(ScalarType dtype)
            {
                if (!is_floating_point(dtype)) throw new ArgumentException($"module.to() only accepts floating-point dtypes, got {dtype}", nameof(dtype));
                ApplyToTensors(t => t.is_floating_point() ? t.to(dtype) : null);
                return this;
            }

            /// <summary>Moves the module to a CUDA device.</summary>
            public Module cuda(int index = -1) => to(new Device(DeviceType.CUDA, index));

            /// <summary>Moves the module to the CPU.</summary>
            public Module cpu() => to(CPU);

            private void ApplyToTensors(Func<Tensor, Tensor?> convert)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                foreach (var t in parameters().Cast<Tensor>().Concat(buffers()))
                {
                    var converted = convert(t);
                    if (converted is not null) t.set_data(converted);
                    using var grad = t.grad;
                    if (grad is not null)
                    {
                        var convertedGrad = convert(grad);
                        if (convertedGrad is not null) t.grad = convertedGrad;
                    }
                }
            }

            /// <summary>Clears gradients: zeroes them, or removes them when <paramref name="set_to_none"/> is true.</summary>
            public void zero_grad(bool set_to_none = false)
            {
                foreach (var p in parameters())
                {
                    if (set_to_none)
                    {
                        p.grad = null;
                        continue;
                    }
                    using var g = p.grad;
                    if (g is null) continue;
                    g.detach_();
                    g.zero_();
                }
            }

            /// <summary>Turns gradient tracking on or off for every parameter (freezing).</summary>
            public Module requires_grad_(bool requires_grad = true)
            {
                foreach (var p in parameters()) p.requires_grad = requires_grad;
                return this;
            }

            /// <summary>Calls <paramref name="fn"/> on every submodule (children first) and then on this module.</summary>
            public Module apply(Action<Module> fn)
            {
                foreach (var child in children()) child.apply(fn);
                fn(this);
                return this;
            }

            // ---- lifetime ----------------------------------------------------------------------

            /// <summary>Frees the parameters, buffers and submodules.</summary>
            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            /// <summary>Frees owned native memory.</summary>
            protected virtual void Dispose(bool disposing)
            {
                if (disposed || !disposing) return;
                disposed = true;
                if (!fieldsRegistered) TryRegisterForDispose();
                foreach (var (_, m) in moduleTable) m.Dispose();
                foreach (var (_, p) in parameterTable) p?.Dispose();
                foreach (var (_, b) in bufferTable) b?.Dispose();
            }

            private void TryRegisterForDispose()
            {
                try { EnsureRegistered(); }
                catch (InvalidOperationException) { /* an unregistrable field: free what is registered */ }
            }

            /// <summary>The module tree in PyTorch's format.</summary>
            public override string ToString() => Format(0);

            /// <summary>Extra text shown between the parentheses of this module's line (PyTorch's extra_repr).</summary>
            protected virtual string extra_repr() => "";

            private string Format(int indent)
            {
                var children = named_children().ToList();
                if (children.Count == 0) return $"{Name}({extra_repr()})";
                var pad = new string(' ', indent + 2);
                var lines = children.Select(c => $"{pad}({c.name}): {c.module.Format(indent + 2)}");
                var extra = extra_repr();
                return $"{Name}({(extra.Length > 0 ? extra : "")}\n{string.Join("\n", lines)}\n{new string(' ', indent)})";
            }
        }
    }
}
