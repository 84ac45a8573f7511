using System.Text.Json;

namespace ResNetTab.Data;

/// <summary>
/// One JSON object read from an input. <see cref="Root"/> is valid only until the reader moves to the
/// next record (its document is then returned to the pool): flatten or <see cref="JsonElement.Clone"/> it first.
/// </summary>
/// <param name="Root">The record's top-level object.</param>
/// <param name="Location">Where the record starts.</param>
public readonly record struct JsonRecord(JsonElement Root, RecordLocation Location);
