using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Engine.Serialization;
using ResNetTab.Engine.StateDicts;

namespace ResNetTab.SelfSupervised;

public sealed partial class SelfSupervisedModel
{
    /// <summary>The safetensors metadata key of the model's configuration (architecture and recipe, compact JSON).</summary>
    internal const string ConfigKey = "resnettab.model";

    /// <summary>The safetensors metadata key of the configuration's SHA-256 (hex).</summary>
    internal const string ConfigChecksumKey = "resnettab.model.sha256";

    /// <summary>
    /// Writes the model to one safetensors file, atomically: the state dict under PyTorch's names (PyTorch reads it with
    /// <c>safetensors.torch.load_file</c>) and, in the header's <c>__metadata__</c>, the architecture and the
    /// <see cref="Recipe"/> as checksummed JSON; the engine's SHA-256 over the whole file covers the tensor data.
    /// <see cref="Load"/> rebuilds the model from the file alone.
    /// </summary>
    /// <param name="path">The file to write (replaced only once the new content is complete).</param>
    /// <exception cref="NotSupportedException">The encoder uses a custom block factory, which cannot be written down.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var config = ModelConfig.ToJson(this).ToJsonString();
        this.SaveSafetensors(path, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ConfigKey] = config,
            [ConfigChecksumKey] = Sha256(config),
        });
    }

    /// <summary>
    /// Reads a model written by <see cref="Save"/>, in evaluation mode on the CPU. The file is untrusted input: its
    /// configuration is checked (checksum, bounds, agreement with the stored tensor shapes) before the model is
    /// allocated, and the tensors must be exactly the model's.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The model, with the recipe it was saved with.</returns>
    /// <exception cref="InvalidDataException">The file is not a saved model, or is damaged or edited (the message names the file and the field).</exception>
    public static SelfSupervisedModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var reader = Safetensors.Open(path);
            // The engine's checksum covers every byte (tensor data included); a model file without it was not written by Save.
            if (!reader.HasChecksum)
                throw new InvalidDataException($"The file carries no '{Safetensors.ChecksumKey}' checksum; a model written by SelfSupervisedModel.Save always does.");
            if (!reader.Metadata.TryGetValue(ConfigKey, out var config))
                throw new InvalidDataException($"The file holds no model configuration ('{ConfigKey}' in __metadata__); it is not a model written by SelfSupervisedModel.Save.");
            if (!reader.Metadata.TryGetValue(ConfigChecksumKey, out var checksum) || !string.Equals(checksum, Sha256(config), StringComparison.Ordinal))
                throw new InvalidDataException($"The model configuration does not match its checksum ('{ConfigChecksumKey}'): the file was edited or damaged.");
            var document = JsonNode.Parse(config) as JsonObject ?? throw new InvalidDataException("The model configuration is not a JSON object.");
            var (options, recipe) = ModelConfig.FromJson(document, reader.Entries);
            var model = new SelfSupervisedModel(options, recipe);
            try
            {
                using var tensors = reader.ReadAll();
                model.LoadStateDict(tensors, strict: true);
                model.eval();
                return model;
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException or StateDictMismatchException)
        {
            throw new InvalidDataException($"'{path}' cannot be loaded as a self-supervised model: {ex.Message}", ex);
        }
        catch (InvalidDataException ex) when (!ex.Message.Contains(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"'{path}' cannot be loaded as a self-supervised model: {ex.Message}", ex);
        }
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
