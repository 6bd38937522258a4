#!/usr/bin/python3
"""Small, valid inputs that start each fuzz target (mnist-api's *FuzzTest classes) in the right format:

    /usr/bin/python3 scripts/make_fuzz_seeds.py

Needs Debian's python3-torch and python3-onnx. Files written by Jazzer itself (crashes it found,
after they were fixed) go beside these and are kept.
  idx/          two MNIST test images and five labels as IDX, raw and gzip
  safetensors/  one tensor (fc2.bias), the format as the safetensors documentation gives it
  pthArchive/   torch.save of a two-tensor state_dict (PyTorch's own zip)
  pickle/       that archive's data.pkl
  onnx/         a two-node graph (Conv, Relu) made with onnx.helper, tiny weights
  picture/      four of ImageFilesTest's pictures (PNG, palette PNG, truncated PNG, EXIF JPEG)
"""
import gzip
import json
import os
import shutil
import struct
import zipfile

import onnx
import torch
from onnx import TensorProto, helper

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "mnist-api", "src", "test", "resources", "dev", "mnist4j", "fuzz")
CLASSES = {"idx": "Idx", "safetensors": "Safetensors", "pthArchive": "PthArchive", "pickle": "Pickle",
           "onnx": "Onnx", "picture": "Picture"}
DATA = os.path.join(ROOT, "mnist-data", "src", "main", "resources", "dev", "mnist4j", "data", "mnist")
PICTURES = os.path.join(ROOT, "mnist-api", "src", "test", "resources", "dev", "mnist4j", "predict", "files")


def folder(target):
    """Where Jazzer's JUnit integration looks for a target's inputs: CLASSInputs/METHOD/."""
    path = os.path.join(OUT, CLASSES[target] + "FuzzTestInputs", target)
    os.makedirs(path, exist_ok=True)
    return path


def write(target, name, data):
    with open(os.path.join(folder(target), name), "wb") as f:
        f.write(data)


def main():
    images = gzip.open(os.path.join(DATA, "t10k-images-idx3-ubyte.gz")).read()
    labels = gzip.open(os.path.join(DATA, "t10k-labels-idx1-ubyte.gz")).read()
    two = struct.pack(">IIII", 0x803, 2, 28, 28) + images[16:16 + 2 * 784]
    write("idx", "two-images", two)
    write("idx", "two-images.gz", gzip.compress(two, mtime=0))
    write("idx", "five-labels", struct.pack(">II", 0x801, 5) + labels[8:13])

    header = json.dumps({"__metadata__": {"format": "pt"},
                         "fc2.bias": {"dtype": "F32", "shape": [10], "data_offsets": [0, 40]}}).encode()
    write("safetensors", "one-tensor", struct.pack("<Q", len(header)) + header + bytes(40))

    path = os.path.join(folder("pthArchive"), "two-tensors.pth")
    torch.save({"fc2.weight": torch.ones(2, 3), "fc2.bias": torch.zeros(2)}, path)
    with zipfile.ZipFile(path) as z:
        write("pickle", "two-tensors-data.pkl", z.read(next(n for n in z.namelist() if n.endswith("data.pkl"))))

    w = helper.make_tensor("conv1.weight", TensorProto.FLOAT, [2, 1, 3, 3], [0.1] * 18)
    b = helper.make_tensor("conv1.bias", TensorProto.FLOAT, [2], [0.0, 0.5])
    graph = helper.make_graph(
        [helper.make_node("Conv", ["input", "conv1.weight", "conv1.bias"], ["c"]),
         helper.make_node("Relu", ["c"], ["logits"])],
        "tiny", [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 1, 28, 28])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 2, 26, 26])], [w, b])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    write("onnx", "conv-relu.onnx", model.SerializeToString())

    for name in ("upright.png", "indexed.png", "truncated.png", "exif-rotated.jpg"):
        shutil.copy(os.path.join(PICTURES, name), os.path.join(folder("picture"), name))
    print("wrote the fuzz seeds under", os.path.relpath(OUT, ROOT))


if __name__ == "__main__":
    main()
