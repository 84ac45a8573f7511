using System.Reflection;
using ResNetTab.Torch.Modules;

namespace ResNetTab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public abstract partial class Module
        {
            /// <summary>Registers the fields of the concrete type once (see the registration rule on <see cref="Module"/>).</summary>
            private protected void EnsureRegistered()
            {
                if (fieldsRegistered) return;
                fieldsRegistered = true;
                try
                {
                    RegisterFields();
                }
                catch
                {
                    fieldsRegistered = false;
                    throw;
                }
            }

            private void RegisterFields()
            {
                // Base types first, then declaration order: the order PyTorch sees attribute assignments in __init__.
                var hierarchy = new List<Type>();
                for (var t = GetType(); t != null && t != typeof(Module); t = t.BaseType) hierarchy.Add(t);
                hierarchy.Reverse();
                foreach (var type in hierarchy)
                {
                    var fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                        .OrderBy(f => f.MetadataToken);
                    foreach (var field in fields) RegisterField(field);
                }
            }

            private void RegisterField(FieldInfo field)
            {
                if (field.IsDefined(typeof(NotAComponentAttribute))) return;
                var ft = field.FieldType;
                var name = field.GetCustomAttribute<ComponentNameAttribute>()?.Name ?? PropertyNameOf(field);
                var value = field.GetValue(this);
                if (value is Tensor { IsInvalid: true } && !field.IsDefined(typeof(NotAComponentAttribute)))
                    throw new InvalidOperationException(
                        $"{GetType().Name}.{field.Name} holds a tensor that was disposed before the module registered it " +
                        "(a module built inside a dispose scope frees unregistered tensors at the scope's end). " +
                        "Call RegisterComponents() at the end of the constructor, or register the tensor with register_buffer/register_parameter.");

                if (typeof(Module).IsAssignableFrom(ft))
                {
                    if (value is Module m && !IsRegistered(m)) register_module(name, m);
                    return;
                }
                if (typeof(Parameter).IsAssignableFrom(ft))
                {
                    if (value is null) { if (!parameterTable.ContainsKey(name)) parameterTable[name] = null; }
                    else if (!IsRegistered((Parameter)value)) register_parameter(name, (Parameter)value);
                    return;
                }
                if (typeof(Tensor).IsAssignableFrom(ft))
                {
                    if (value is Tensor t && IsRegistered(t)) return; // registered explicitly
                    var buffer = field.GetCustomAttribute<BufferAttribute>();
                    if (buffer is null)
                        throw new InvalidOperationException(
                            $"{GetType().Name}.{field.Name} is a Tensor field that is neither a parameter nor a buffer. " +
                            "Make it a Parameter, mark it [Buffer] (saved and moved with the module) or [NotAComponent], " +
                            "or register it with register_buffer.");
                    if (value is null) { if (!bufferTable.ContainsKey(name)) bufferTable[name] = null; }
                    else register_buffer(name, (Tensor)value, buffer.Persistent);
                    return;
                }
                if (ft != typeof(string) && HoldsComponents(ft))
                {
                    throw new InvalidOperationException(
                        $"{GetType().Name}.{field.Name} holds modules or tensors in a {ft.Name}, which registration cannot name. " +
                        "Use ModuleList/ModuleDict (or register each item), or mark the field [NotAComponent].");
                }
            }

            private static string PropertyNameOf(FieldInfo field)
            {
                // Auto-properties store their value in "<Name>k__BackingField".
                var n = field.Name;
                return n.StartsWith('<') && n.Contains(">k__BackingField", StringComparison.Ordinal) ? n[1..n.IndexOf('>')] : n;
            }

            private static bool HoldsComponents(Type type)
            {
                if (type.IsArray) return IsComponent(type.GetElementType()!);
                foreach (var i in type.GetInterfaces().Append(type))
                {
                    if (!i.IsGenericType) continue;
                    var def = i.GetGenericTypeDefinition();
                    if (def == typeof(IEnumerable<>) && IsComponent(i.GetGenericArguments()[0])) return true;
                    if (def == typeof(IDictionary<,>) && IsComponent(i.GetGenericArguments()[1])) return true;
                }
                return false;
            }

            private static bool IsComponent(Type t) => typeof(Module).IsAssignableFrom(t) || typeof(Tensor).IsAssignableFrom(t);

            private bool IsRegistered(object component)
            {
                foreach (var (_, m) in moduleTable) if (ReferenceEquals(m, component)) return true;
                foreach (var (_, p) in parameterTable) if (ReferenceEquals(p, component)) return true;
                foreach (var (_, b) in bufferTable) if (ReferenceEquals(b, component)) return true;
                return false;
            }
        }
    }
}
