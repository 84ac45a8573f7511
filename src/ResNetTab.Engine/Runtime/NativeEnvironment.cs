using System.Runtime.InteropServices;
using System.Text;

namespace ResNetTab.Engine.Runtime;

/// <summary>
/// The C library's environment. OpenMP reads its settings with getenv() when libtorch loads, and .NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach that copy on Unix.
/// </summary>
internal static unsafe class NativeEnvironment
{
    public static string? Get(string name)
    {
        fixed (byte* n = Utf8(name))
        {
            var value = getenv(n);
            return value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);
        }
    }

    /// <summary>Sets the variable unless it is already set; true when this call set it.</summary>
    public static bool SetIfUnset(string name, string value)
    {
        if (Get(name) != null) return false;
        fixed (byte* n = Utf8(name))
        fixed (byte* v = Utf8(value))
        {
            if (setenv(n, v, 0) != 0) return false;
        }
        Environment.SetEnvironmentVariable(name, value); // keep the managed view consistent
        return true;
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s + "\0");

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv(byte* name, byte* value, int overwrite);

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr getenv(byte* name);
}
