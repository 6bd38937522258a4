#!/usr/bin/python3
"""ONNX files made by real PyTorch, for the ONNX reader's tests (mnist-api's test resources):

    /usr/bin/python3 scripts/make_onnx_fixtures.py

  mnist_model.onnx   the tutorial's model with the weights of ../io/pytorch/mnist_model.pth, written by
                     torch.onnx.export (opset 13, input "input" [N,1,28,28], output "logits" [N,10])
  mnist_model.json   PyTorch's logits for the first 16 MNIST test images, and the versions that made them
  reshape.onnx       the same weights, but a model whose forward flattens with x.view(-1, 1600): a
                     Reshape node instead of Flatten
  sigmoid.onnx       a model of the same shapes with Sigmoid where the tutorial has ReLU after fc1:
                     a graph mnist4j must refuse, naming the difference
Needs torch (Debian: apt-get install python3-torch); onnx is not needed to write these.
"""
import json
import os

import torch
import torch.nn.functional as F

from tutorial_model import DigitDiscernModel, idx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "mnist-api", "src", "test", "resources", "dev", "mnist4j", "io")
OUT = os.path.join(ROOT, "onnx")


class Reshaping(DigitDiscernModel):
    def forward(self, x):
        x = self.pool1(F.relu(self.conv1(x)))
        x = self.pool2(F.relu(self.conv2(x)))
        x = x.view(-1, 1600)
        return self.fc2(F.relu(self.fc1(x)))


class Sigmoid(DigitDiscernModel):
    def forward(self, x):
        x = self.pool1(F.relu(self.conv1(x)))
        x = self.pool2(F.relu(self.conv2(x)))
        x = torch.flatten(x, start_dim=1)
        return self.fc2(torch.sigmoid(self.fc1(x)))


def export(model, name):
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), os.path.join(OUT, name), opset_version=13,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}}, do_constant_folding=True)


def main():
    os.makedirs(OUT, exist_ok=True)
    state = torch.load(os.path.join(ROOT, "pytorch", "mnist_model.pth"))
    models = {}
    for cls, name in ((DigitDiscernModel, "mnist_model.onnx"), (Reshaping, "reshape.onnx"), (Sigmoid, "sigmoid.onnx")):
        m = cls()
        m.load_state_dict(state)
        export(m, name)
        models[name] = m
    images = idx("t10k-images-idx3-ubyte.gz")[:16]
    with torch.no_grad():
        logits = models["mnist_model.onnx"](images)
    with open(os.path.join(OUT, "mnist_model.json"), "w") as f:
        json.dump({"torch": torch.__version__, "opset": 13,
                   "logits": [[float(v) for v in row] for row in logits]}, f, indent=1)
    print("wrote", sorted(os.listdir(OUT)), "with torch", torch.__version__)


if __name__ == "__main__":
    main()
