#!/usr/bin/python3
"""Makes the PyTorch fixtures the Java tests read (run once, by hand; the tests never need Python):

    /usr/bin/python3 scripts/make_pytorch_fixtures.py   # Debian: apt-get install python3-torch

In mnist-api/src/test/resources/dev/mnist4j/io/pytorch/ it writes
  mnist_model.pth        the tutorial's model, trained one epoch with its recipe, torch.save(sd, path)
                         (so its top folder is "mnist_model", the file's stem)
  from_buffer.pth        the same state_dict saved into a BytesIO (top folder "archive")
  mnist_model.json       the logits of the first 16 MNIST test images and the test accuracy, from PyTorch
  legacy.pth             the same state_dict in the pre-1.6 format (_use_new_zipfile_serialization=False)
  double.pth             a state_dict holding a float64 tensor
  evil.pth               a torch.save'd dict whose pickle calls os.system (must be refused, never run)
  strided.pth            tensors that are non-contiguous views (a transpose, a slice with an offset)
"""
import io, json, os

import torch
from torch import nn

from tutorial_model import DigitDiscernModel, idx

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "mnist-api", "src", "test", "resources", "dev", "mnist4j", "io", "pytorch")


class Evil:
    def __reduce__(self):
        return (os.system, ("echo this pickle ran code",))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    x, y = idx("train-images-idx3-ubyte.gz"), idx("train-labels-idx1-ubyte.gz")
    tx, ty = idx("t10k-images-idx3-ubyte.gz"), idx("t10k-labels-idx1-ubyte.gz")
    model = DigitDiscernModel()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.randperm(len(x))
    for i in range(0, len(x), 64):
        b = order[i:i + 64]
        loss = loss_fn(model(x[b]), y[b])
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    sd = model.state_dict()
    torch.save(sd, os.path.join(OUT, "mnist_model.pth"))
    buf = io.BytesIO()
    torch.save(sd, buf)
    open(os.path.join(OUT, "from_buffer.pth"), "wb").write(buf.getvalue())
    torch.save(sd, os.path.join(OUT, "legacy.pth"), _use_new_zipfile_serialization=False)
    torch.save({"conv1.bias": sd["conv1.bias"].double()}, os.path.join(OUT, "double.pth"))
    torch.save({"x": Evil()}, os.path.join(OUT, "evil.pth"))
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    torch.save({"t": base.t(), "s": base[1:, 2:5]}, os.path.join(OUT, "strided.pth"))
    with torch.no_grad():
        logits = model(tx[:16])
        accuracy = (model(tx).argmax(1) == ty).float().mean().item()
    json.dump({"made_by": "PyTorch " + torch.__version__, "images": "MNIST t10k 0..15",
               "logits": logits.tolist(), "test_accuracy": accuracy,
               "strided": {"t": base.t().tolist(), "s": base[1:, 2:5].tolist()}},
              open(os.path.join(OUT, "mnist_model.json"), "w"), indent=1)
    print("test accuracy %.4f" % accuracy)


if __name__ == "__main__":
    main()
