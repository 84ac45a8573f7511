using ResNetTab.Torch.Modules;

namespace ResNetTab.Torch.Optimizers;

/// <summary>
/// A group of parameters optimised with its own hyper-parameters, as an entry of PyTorch's
/// <c>optimizer.param_groups</c>. Hyper-parameters are numbers addressed by PyTorch's names
/// ("lr", "weight_decay", "momentum", "beta1", "beta2", …); schedulers read and write them here.
/// </summary>
public sealed class ParamGroup
{
    private readonly Dictionary<string, double> options;

    /// <summary>A group over <paramref name="parameters"/>; options not given are taken from the optimizer's defaults.</summary>
    public ParamGroup(IEnumerable<Parameter> parameters, double? lr = null, double? weight_decay = null)
        : this(parameters, new Dictionary<string, double>())
    {
        if (lr is { } l) options["lr"] = l;
        if (weight_decay is { } wd) options["weight_decay"] = wd;
    }

    /// <summary>A group over <paramref name="parameters"/> with explicit hyper-parameters (others come from the optimizer's defaults).</summary>
    public ParamGroup(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, double> options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        Parameters = parameters.ToList();
        foreach (var p in Parameters) ArgumentNullException.ThrowIfNull(p, nameof(parameters));
        this.options = new Dictionary<string, double>(options, StringComparer.Ordinal);
    }

    /// <summary>The parameters of this group, in order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>All hyper-parameters of this group by name.</summary>
    public IReadOnlyDictionary<string, double> Options => options;

    /// <summary>Reads or writes a hyper-parameter; reading a missing one throws <see cref="KeyNotFoundException"/>.</summary>
    public double this[string name]
    {
        get => options.TryGetValue(name, out var v)
            ? v
            : throw new KeyNotFoundException($"parameter group has no hyper-parameter '{name}'");
        set => options[name] = value;
    }

    /// <summary>True when the group holds hyper-parameter <paramref name="name"/>.</summary>
    public bool Has(string name) => options.ContainsKey(name);

    /// <summary>The learning rate of this group.</summary>
    public double lr
    {
        get => this["lr"];
        set => this["lr"] = value;
    }

    /// <summary>The weight decay of this group.</summary>
    public double weight_decay
    {
        get => this["weight_decay"];
        set => this["weight_decay"] = value;
    }

    /// <summary>Adds each default the group does not set itself (PyTorch's <c>setdefault</c>).</summary>
    internal void FillDefaults(IReadOnlyDictionary<string, double> defaults)
    {
        foreach (var (k, v) in defaults) options.TryAdd(k, v);
    }
}
