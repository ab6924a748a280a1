#!/usr/bin/python3
"""The PyTorch side of the end-to-end benchmark (issue 17): what `transfer4j finetune` does, written the way a
careful PyTorch user would. Same protocol: image folder split 70/15/15 (seeded), ResNet50 from a weights file,
new head (dropout 0.5 + linear), Adam, early stopping on validation accuracy (patience 3, best weights restored),
test accuracy, model saved, reloaded, and one image per class predicted with the reloaded file.

  --mode cached   frozen trunk, features computed once (train, validation and test), head trained on them
  --mode naive    frozen trunk run forward on every batch of every epoch
  --mode partial  trunk frozen up to layer3 (Keras's conv4_block6_out), layer4 + head train on augmented images
                  (random resized crop, flip); the frozen prefix runs under no_grad

Prints one line per phase ("PHASE name seconds") and "TEST_ACCURACY x".
Usage: torch_finetune.py DATA WEIGHTS.pt OUT.pt [--mode cached|naive|partial] [--epochs 10] [--batch 8]
"""
import argparse
import copy
import os
import time

import torch
import torchvision
from torch import nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
phases = {}


class phase:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.t0 = time.perf_counter()

    def __exit__(self, *exc):
        phases[self.name] = phases.get(self.name, 0) + time.perf_counter() - self.t0


def split(n, seed=42):
    idx = torch.randperm(n, generator=torch.Generator().manual_seed(seed)).tolist()
    a, b = int(0.7 * n), int(0.85 * n)
    return idx[:a], idx[a:b], idx[b:]


def resnet50(weights, classes=None):
    m = torchvision.models.resnet50(weights=None)
    if classes is not None:
        m.fc = nn.Sequential(nn.Dropout(0.5), nn.Linear(2048, classes))
    m.load_state_dict(torch.load(weights))
    return m


@torch.no_grad()
def features(trunk, loader):
    fs, ys = [], []
    for x, y in loader:
        fs.append(trunk(x))
        ys.append(y)
    return torch.cat(fs), torch.cat(ys)


class EarlyStopping:
    """Keeps the weights of the best validation accuracy; says stop after `patience` epochs without a better one."""

    def __init__(self, module, patience):
        self.module, self.patience, self.best, self.state, self.bad = module, patience, -1, None, 0

    def stop(self, acc):
        if acc > self.best:
            self.best, self.state, self.bad = acc, copy.deepcopy(self.module.state_dict()), 0
            return False
        self.bad += 1
        return self.bad >= self.patience

    def restore(self):
        self.module.load_state_dict(self.state)


def accuracy(logits, y):
    return (logits.argmax(1) == y).float().mean().item()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data")
    p.add_argument("weights")
    p.add_argument("out")
    p.add_argument("--mode", choices=["cached", "naive", "partial"], default="cached")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--patience", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    plain = transforms.Compose([transforms.Resize((224, 224)), transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
    augmented = transforms.Compose([transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(),
                                    transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
    with phase("data"):
        ds = datasets.ImageFolder(a.data, plain)
        classes = len(ds.classes)
        tr, va, te = split(len(ds))
    with phase("load weights"):
        model = resnet50(a.weights)
        model.fc = nn.Identity()
        model.eval()
    head = nn.Sequential(nn.Dropout(0.5), nn.Linear(2048, classes))
    loader = lambda idx, shuffle=False, d=ds: DataLoader(Subset(d, idx), batch_size=a.batch, shuffle=shuffle)

    if a.mode == "cached":
        with phase("featurize"):
            ftr, ytr = features(model, loader(tr, d=ds))
            fva, yva = features(model, loader(va))
            fte, yte = features(model, loader(te))
        with phase("train"):
            opt = torch.optim.Adam(head.parameters(), lr=a.lr)
            early = EarlyStopping(head, a.patience)
            for epoch in range(a.epochs):
                head.train()
                perm = torch.randperm(len(ytr))
                for i in range(0, len(perm), a.batch):
                    b = perm[i:i + a.batch]
                    opt.zero_grad()
                    nn.functional.cross_entropy(head(ftr[b]), ytr[b]).backward()
                    opt.step()
                head.eval()
                with torch.no_grad():
                    acc = accuracy(head(fva), yva)
                if early.stop(acc):
                    break
            early.restore()
        with phase("evaluate"), torch.no_grad():
            test_acc = accuracy(head(fte), yte)
        model.fc = head
    else:
        if a.mode == "partial":
            for name, prm in model.named_parameters():
                prm.requires_grad = name.startswith("layer4")
            train_ds = datasets.ImageFolder(a.data, augmented)
        else:
            for prm in model.parameters():
                prm.requires_grad = False
            train_ds = ds
        model.fc = head
        opt = torch.optim.Adam([q for q in model.parameters() if q.requires_grad], lr=a.lr)
        frozen = nn.Sequential(model.conv1, model.bn1, model.relu, model.maxpool, model.layer1, model.layer2, model.layer3)
        rest = nn.Sequential(model.layer4, model.avgpool, nn.Flatten(), model.fc)
        if a.mode == "naive":
            frozen = nn.Sequential(frozen, model.layer4, model.avgpool, nn.Flatten())
            rest = model.fc
        early = EarlyStopping(model, a.patience)
        with phase("train"):
            for epoch in range(a.epochs):
                frozen.eval()
                rest.train()
                for x, y in loader(tr, True, train_ds):
                    with torch.no_grad():
                        f = frozen(x)
                    opt.zero_grad()
                    nn.functional.cross_entropy(rest(f), y).backward()
                    opt.step()
                model.eval()
                with torch.no_grad():
                    acc = sum(accuracy(model(x), y) * len(y) for x, y in loader(va)) / len(va)
                if early.stop(acc):
                    break
            early.restore()
        with phase("evaluate"), torch.no_grad():
            test_acc = sum(accuracy(model(x), y) * len(y) for x, y in loader(te)) / len(te)
    with phase("save"):
        torch.save(model.state_dict(), a.out)
    with phase("load model"):
        again = resnet50(a.out, classes)
        again.eval()
    with phase("predict"), torch.no_grad():
        one_per_class = {}
        for i in te:
            one_per_class.setdefault(ds.samples[i][1], i)
        x = torch.stack([ds[i][0] for i in one_per_class.values()])
        again(x).softmax(1).topk(min(3, classes))
    for name, s in phases.items():
        print(f"PHASE\t{name}\t{s:.3f}")
    print(f"TEST_ACCURACY\t{test_acc:.4f}")


if __name__ == "__main__":
    main()
