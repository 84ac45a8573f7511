#!/usr/bin/python3
"""Writes the safetensors reference files used by tests/ResNetTab.Torch.Tests/Serialization.

Run with the system interpreter (PyTorch 1.13; the safetensors package is not needed):

    /usr/bin/python3 tests/ResNetTab.Torch.Tests/Oracle/generate_safetensors.py

The files are written exactly as safetensors' own writer lays them out: an 8-byte little-endian header
length, the compact JSON header ("__metadata__" first, then the tensors) padded with spaces to a
multiple of 8 bytes, and the tensors' raw little-endian bytes, ordered by descending dtype alignment
and then by name.

Outputs:
  st_dtypes.safetensors    one tensor per dtype, including a 0-d and an empty tensor, with metadata.
                           Values are simple arithmetic the tests rebuild: see dtype_tensors().
  st_mlp_state.safetensors state_dict() of nn.Sequential(Linear(4, 8), BatchNorm1d(8), ReLU(), Linear(8, 3))
                           after two training batches, metadata {"format": "pt"}.
  st_mlp_io.safetensors    "input" [5, 4] and "output" [5, 3]: the model's output in eval mode.
"""

import json
import os
import struct

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))

# safetensors' dtype names, and their rank in its Dtype enum (increasing alignment).
DTYPES = {
    torch.bool: ("BOOL", 0),
    torch.uint8: ("U8", 1),
    torch.int8: ("I8", 2),
    torch.int16: ("I16", 5),
    torch.float16: ("F16", 7),
    torch.bfloat16: ("BF16", 8),
    torch.int32: ("I32", 9),
    torch.float32: ("F32", 11),
    torch.float64: ("F64", 12),
    torch.int64: ("I64", 13),
}


def raw_bytes(t):
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16: same bits as int16
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def write_safetensors(path, tensors, metadata=None):
    items = sorted(tensors.items(), key=lambda kv: (-DTYPES[kv[1].dtype][1], kv[0].encode("utf-8")))
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    blobs = []
    for name, t in items:
        data = raw_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype][0], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def dtype_tensors():
    six = torch.arange(6, dtype=torch.float64).reshape(2, 3)
    return {
        "f32": (six * 0.5 - 1.25).to(torch.float32),
        "f64": six / 3.0 - 0.5,
        "f16": (six * 0.25 - 0.5).to(torch.float16),
        "bf16": (six * 2.0 - 3.0).to(torch.bfloat16),
        "i64": torch.tensor([-(2 ** 40), -1, 0, 7, 2 ** 62], dtype=torch.int64),
        "i32": torch.tensor([-(2 ** 31), -5, 0, 5, 2 ** 31 - 1], dtype=torch.int32),
        "i16": torch.tensor([-32768, -2, 0, 3, 32767], dtype=torch.int16),
        "i8": torch.tensor([[-128, -1], [0, 127]], dtype=torch.int8),
        "u8": torch.tensor([0, 1, 128, 255], dtype=torch.uint8),
        "bool": torch.tensor([True, False, False, True, True], dtype=torch.bool),
        "scalar": torch.tensor(3.5, dtype=torch.float32),
        "empty": torch.zeros(0, 4, dtype=torch.float32),
        "größe": torch.tensor([1, 2], dtype=torch.int64),
    }


def mlp():
    torch.manual_seed(7)
    model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3))
    model.train()
    with torch.no_grad():
        for step in range(2):
            model(torch.sin(torch.arange(24, dtype=torch.float32).reshape(6, 4) * (0.3 + step)))
    model.eval()
    x = torch.cos(torch.arange(20, dtype=torch.float32).reshape(5, 4) * 0.7)
    with torch.no_grad():
        y = model(x)
    return model, x, y


def main():
    torch.set_num_threads(1)
    write_safetensors(os.path.join(HERE, "st_dtypes.safetensors"), dtype_tensors(), {"format": "pt", "note": "dtype round trip"})
    model, x, y = mlp()
    write_safetensors(os.path.join(HERE, "st_mlp_state.safetensors"), model.state_dict(), {"format": "pt"})
    write_safetensors(os.path.join(HERE, "st_mlp_io.safetensors"), {"input": x, "output": y})


if __name__ == "__main__":
    main()
