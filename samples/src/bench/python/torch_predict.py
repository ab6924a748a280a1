#!/usr/bin/python3
"""The PyTorch side of `transfer4j predict --model MODEL --top K IMAGE...` (issue 17's benchmark): load the fine-tuned
ResNet50 that torch_finetune.py saved, resize and normalise each image, predict in batches of 16 (as transfer4j's
Classifier does), print the top-k per image.

Usage: torch_predict.py MODEL.pt CLASSES TOP IMAGE...
"""
import sys

import torch
import torchvision
from PIL import Image
from torch import nn
from torchvision import transforms

MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]


def main():
    model_file, classes, top, images = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    torch.set_num_threads(2)
    m = torchvision.models.resnet50(weights=None)
    m.fc = nn.Sequential(nn.Dropout(0.5), nn.Linear(2048, classes))
    m.load_state_dict(torch.load(model_file))
    m.eval()
    tf = transforms.Compose([transforms.Resize((224, 224)), transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
    with torch.no_grad():
        for i in range(0, len(images), 16):
            batch = images[i:i + 16]
            x = torch.stack([tf(Image.open(f).convert("RGB")) for f in batch])
            p, k = m(x).softmax(1).topk(top)
            for f, pi, ki in zip(batch, p, k):
                print(f + ":", " ".join(f"{int(c)} {float(q):.6f}" for c, q in zip(ki, pi)))


if __name__ == "__main__":
    main()
