using System.Reflection;
using static TorchSharp.torch;

namespace ResNetTab.Engine.StateDicts;

/// <summary>
/// Runs a module's field registration (TorchSharp's protected <c>RegisterComponents</c>, idempotent).
/// TorchSharp registers a module's fields when the module is itself registered with <c>register_module</c>,
/// but its <c>Sequential</c> keeps children without registering them; containers that hold user-subclassed
/// blocks call this so the subclass's own layers appear in the state dict.
/// </summary>
internal static class ModuleRegistration
{
    private static readonly Action<nn.Module> Register = (Action<nn.Module>)Delegate.CreateDelegate(typeof(Action<nn.Module>),
        typeof(nn.Module).GetMethod("RegisterComponents", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingMethodException("TorchSharp's Module.RegisterComponents was not found."));

    public static T EnsureRegistered<T>(T module) where T : nn.Module
    {
        Register(module);
        return module;
    }
}
