using ResNetTab.Torch.Modules;
using ResNetTab.Torch.Serialization;

namespace ResNetTab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public abstract partial class Module
        {
            /// <summary>
            /// Saves <see cref="state_dict"/> to a safetensors file at <paramref name="path"/>, under
            /// PyTorch's names so <c>safetensors.torch.load_file</c> reads it. The write is atomic
            /// (temporary file, flush, rename): a failure leaves any previous checkpoint intact.
            /// </summary>
            /// <param name="path">The file to write (replaced when it exists).</param>
            /// <param name="metadata">Optional string pairs stored as the file's <c>__metadata__</c>.</param>
            public void save(string path, IReadOnlyDictionary<string, string>? metadata = null) =>
                Safetensors.Save(path, state_dict(), metadata);

            /// <summary>
            /// Loads parameters and buffers from a safetensors file (such as one PyTorch wrote with
            /// <c>safetensors.torch.save_file(model.state_dict(), path)</c>) by name, through
            /// <see cref="load_state_dict"/>: strict loading fails on missing or unexpected keys, and
            /// shape mismatches always fail.
            /// </summary>
            /// <exception cref="SafetensorsFormatException">The file is truncated or corrupt.</exception>
            /// <exception cref="StateDictMismatchException">The file's tensors do not fit this module.</exception>
            public LoadStateDictResult load(string path, bool strict = true)
            {
                using var file = Safetensors.Load(path);
                return load_state_dict(file, strict);
            }
        }
    }
}
