"""The tutorial's model and MNIST's IDX files for the Python scripts (yardstick, fixtures)."""
import gzip
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "mnist-data", "src", "main", "resources", "dev", "mnist4j", "data", "mnist")


class DigitDiscernModel(nn.Module):  # the tutorial's model, verbatim
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, kernel_size=3)
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(32, 64, kernel_size=3)
        self.pool2 = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(1600, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = self.pool1(F.relu(self.conv1(x)))
        x = self.pool2(F.relu(self.conv2(x)))
        x = torch.flatten(x, start_dim=1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


def idx(name, data_dir=DATA):
    """Normalised images ((x/255-0.5)/0.5, N×1×28×28) or int64 labels of an MNIST .gz file."""
    data = gzip.open(os.path.join(data_dir, name)).read()
    magic, n = struct.unpack(">II", data[:8])
    if magic == 0x803:
        return torch.from_numpy(((np.frombuffer(data[16:], dtype=np.uint8).reshape(n, 1, 28, 28) / 255.0 - 0.5) / 0.5).astype(np.float32))
    return torch.from_numpy(np.frombuffer(data[8:], dtype=np.uint8).astype(np.int64))
