"""Tiny ViT on scikit-learn's digits: data split, model with attention reuse, reuse lists.

Shared by train_digits.py (training), export_int.py (export) and later work
(pruning/sharing, issue 18). The float architecture is the one of
/work/specs/encoder-design.md section 1 (docs/accuracy.md):
pre-LN ViT, patch 2x2 (16 patches + class token = 17 tokens), E 64, 4 heads,
MLP 128, depth 6, exact GELU, final LN on the class token, head; an encoder
i >= 1 may skip its attention and pass source j's attention output (j < i,
j computing) through the transformation block TB_ij = LN -> Linear(E, Th) ->
GELU -> Linear(Th, E).

Import this module only after setting the thread environment
(`setup_determinism` does it before torch is imported).
"""
import json
import os
import sys

# Thread counts are part of reproducibility (bit-identical weights on rerun):
# OpenBLAS must see this before numpy or torch load it.
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safeout  # noqa: E402

SPLIT_SEED = 0          # random_state of the stratified split
TEST_FRACTION = 0.2     # 360 of 1,797 images
INPUT_SCALE = 1.0 / 16  # pixel values 0..16 -> float x / 16 (exact)


# ---------------------------------------------------------------- data

def digits_provenance():
    """What scikit-learn says about the data set (its DESCR), for split.json."""
    return {
        "name": "Optical recognition of handwritten digits (scikit-learn load_digits)",
        "loader": "sklearn.datasets.load_digits (scikit-learn 1.2.1, Debian python3-sklearn); "
                  "the data file ships inside scikit-learn, nothing is downloaded",
        "source": "scikit-learn's DESCR: a copy of the test set of the UCI ML hand-written digits "
                  "datasets, https://archive.ics.uci.edu/ml/datasets/Optical+Recognition+of+Handwritten+Digits; "
                  "creator E. Alpaydin, July 1998; 8x8 images of integer pixels 0..16 "
                  "(counts of on pixels in 4x4 blocks of 32x32 NIST bitmaps)",
        "licence": "scikit-learn's DESCR states no licence for the data; the file is part of the "
                   "scikit-learn source, which Debian's copyright file lists under 'Files: *' "
                   "BSD-3-Clause (Scikit-Learn Developers); cite the UCI repository and "
                   "Alpaydin & Kaynak (1998) as the DESCR's references do",
        "references": ["C. Kaynak (1995), MSc thesis, Bogazici University",
                       "E. Alpaydin, C. Kaynak (1998) Cascading Classifiers, Kybernetika"],
    }


def make_split(seed=SPLIT_SEED):
    """Loads the digits and makes the stratified 80/20 split.

    Returns dict with images int8 (N, 1, 8, 8) 0..16, labels int64, and the
    train/test index arrays into load_digits' order."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()
    images = d.images.astype(np.int64)
    if images.min() < 0 or images.max() > 16 or not np.all(d.images == images):
        raise SystemExit("make_split: load_digits returned pixels outside the integers 0..16")
    images = images.astype(np.int8).reshape(-1, 1, 8, 8)
    labels = d.target.astype(np.int64)
    idx = np.arange(len(labels))
    tr, te = train_test_split(idx, test_size=TEST_FRACTION, random_state=seed,
                              stratify=labels, shuffle=True)
    return {"images": images, "labels": labels, "train_idx": np.asarray(tr, np.int64),
            "test_idx": np.asarray(te, np.int64), "seed": seed}


def split_json(split, part):
    """The split.json of one part ('test' or 'train')."""
    return {
        "format": "trex-dataset", "version": 1,
        "part": part,
        "count": int(len(split[part + "_idx"])),
        "shape": [1, 8, 8], "dtype": "int8", "input_scale": INPUT_SCALE,
        "pixel_range": [0, 16], "classes": 10,
        "provenance": digits_provenance(),
        "split": {
            "rule": "sklearn.model_selection.train_test_split(range(1797), test_size=0.2, "
                    "random_state=seed, stratify=labels, shuffle=True); images and labels of "
                    "this part are in the order of its index list",
            "seed": split["seed"],
            "train_indices": [int(i) for i in split["train_idx"]],
            "test_indices": [int(i) for i in split["test_idx"]],
        },
    }


def write_dataset(dirpath, split, part):
    """Writes images.npy, labels.npy, split.json of one part (temporary files, then rename)."""
    os.makedirs(dirpath, exist_ok=True)
    idx = split[part + "_idx"]
    items = [("images.npy", np.ascontiguousarray(split["images"][idx])),
             ("labels.npy", np.ascontiguousarray(split["labels"][idx]))]
    for name, arr in items:
        safeout.save_npy(os.path.join(dirpath, name), arr)
    safeout.write_json(os.path.join(dirpath, "split.json"), split_json(split, part))


def load_dataset(dirpath):
    """Reads a dataset directory (images int8 (N,1,8,8), labels int64 (N,))."""
    try:
        images = np.load(os.path.join(dirpath, "images.npy"))
        labels = np.load(os.path.join(dirpath, "labels.npy"))
    except (OSError, ValueError) as e:
        raise SystemExit(f"{dirpath}: cannot read dataset: {e}")
    if images.dtype != np.int8 or images.ndim != 4:
        raise SystemExit(f"{os.path.join(dirpath, 'images.npy')}: want int8 (N, C, H, W), "
                         f"got {images.dtype} {images.shape}")
    if labels.dtype != np.int64 or labels.shape != (images.shape[0],):
        raise SystemExit(f"{os.path.join(dirpath, 'labels.npy')}: want int64 ({images.shape[0]},), "
                         f"got {labels.dtype} {labels.shape}")
    return images, labels


# ---------------------------------------------------------------- reuse lists

def parse_reuse(text, depth):
    """'1,3:0,5' -> list of (encoder, source or None). '' or 'none' -> []."""
    text = (text or "").strip()
    if text in ("", "none", "-"):
        return []
    out = []
    for item in text.split(","):
        item = item.strip()
        try:
            if ":" in item:
                e, s = item.split(":")
                out.append((int(e), int(s)))
            else:
                out.append((int(item), None))
        except ValueError:
            raise ValueError(f"reuse list '{text}': '{item}' is not ENC or ENC:SRC")
    return out


def resolve_reuse(entries, depth):
    """Entries (encoder, source|None) -> {encoder: source}, the controller's rules
    (docs/controller.md): encoder 0 never reuses, no encoder twice, a source is an
    earlier computing encoder; without a source the most recent computing encoder."""
    reusing = {}
    for e, s in entries:
        if e < 1 or e >= depth:
            raise ValueError(f"reuse: encoder {e} outside 1..{depth - 1}")
        if e in reusing:
            raise ValueError(f"reuse: encoder {e} listed twice")
        reusing[e] = s
    out = {}
    last = None
    for i in range(depth):
        if i in reusing:
            s = reusing[i]
            if s is None:
                s = last
            elif s >= i or s in reusing:
                raise ValueError(f"reuse: source {s} of encoder {i} is not an earlier computing encoder")
            out[i] = s
        else:
            last = i
    return out


def reuse_text(rmap):
    """{encoder: source} -> canonical text: automatic sources written bare."""
    if not rmap:
        return "none"
    items = []
    last = None
    for i in range(max(rmap) + 1):
        if i in rmap:
            items.append(str(i) if rmap[i] == last else f"{i}:{rmap[i]}")
        else:
            last = i
    return ",".join(items)


def all_pairs(depth):
    """Every (encoder, source) pair with 0 <= source < encoder < depth."""
    return [(i, j) for i in range(1, depth) for j in range(i)]


# ---------------------------------------------------------------- torch model

_threads_set = False


def setup_determinism(seed, threads=1):
    """Fixes torch's thread count and seeds; returns the torch module."""
    global _threads_set
    import torch
    torch.set_num_threads(threads)
    if not _threads_set:  # allowed once per process, before any parallel work
        torch.set_num_interop_threads(1)
        _threads_set = True
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(seed)
    np.random.seed(seed)
    return torch


def build_model_classes():
    """Defines the torch modules (kept in a function so that importing this
    module does not need torch)."""
    import math
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    class Encoder(nn.Module):
        def __init__(self, E, H, M):
            super().__init__()
            self.E, self.H, self.d = E, H, E // H
            self.ln1 = nn.LayerNorm(E, eps=1e-5)
            self.q_proj = nn.Linear(E, E)
            self.k_proj = nn.Linear(E, E)
            self.v_proj = nn.Linear(E, E)
            self.out_proj = nn.Linear(E, E)
            self.ln2 = nn.LayerNorm(E, eps=1e-5)
            self.fc1 = nn.Linear(E, M)
            self.fc2 = nn.Linear(M, E)

        def attention(self, x, rec=None, scope=None):
            """a = out_proj(MHA(LN1(x))), heads concatenated head 0 first."""
            n, t, _ = x.shape
            z = self.ln1(x)
            q = self.q_proj(z)
            k = self.k_proj(z)
            v = self.v_proj(z)
            qh = q.view(n, t, self.H, self.d).transpose(1, 2)
            kh = k.view(n, t, self.H, self.d).transpose(1, 2)
            vh = v.view(n, t, self.H, self.d).transpose(1, 2)
            scores = torch.matmul(qh, kh.transpose(-1, -2)) / math.sqrt(self.d)
            p = torch.softmax(scores, dim=-1)
            self.last_p = p  # the probabilities (pruning reads the class token's row)
            s = torch.matmul(p, vh).transpose(1, 2).reshape(n, t, self.E)
            a = self.out_proj(s)
            if rec is not None:
                for name, val in (("ln1", z), ("q_proj", q), ("k_proj", k), ("v_proj", v),
                                  ("qk", scores), ("sv", s), ("out_proj", a)):
                    rec(f"{scope}.{name}", val)
            return a

        def mlp_half(self, h, rec=None, scope=None):
            z = self.ln2(h)
            u = self.fc1(z)
            g = F.gelu(u)  # exact (erf) GELU
            f = self.fc2(g)
            y = h + f
            if rec is not None:
                for name, val in (("ln2", z), ("fc1", u), ("gelu", g), ("fc2", f), ("residual2", y)):
                    rec(f"{scope}.{name}", val)
            return y

    class TB(nn.Module):
        """TB_ij = LN -> Linear(E, Th) -> GELU -> Linear(Th, E)."""

        def __init__(self, E, Th):
            super().__init__()
            self.ln = nn.LayerNorm(E, eps=1e-5)
            self.fc1 = nn.Linear(E, Th)
            self.fc2 = nn.Linear(Th, E)

        def forward(self, a, rec=None, scope=None):
            z = self.ln(a)
            u = self.fc1(z)
            g = F.gelu(u)
            o = self.fc2(g)
            if rec is not None:
                for name, val in (("ln", z), ("fc1", u), ("gelu", g), ("fc2", o)):
                    rec(f"{scope}.{name}", val)
            return o

    class ViT(nn.Module):
        def __init__(self, E=64, H=4, M=128, depth=6, patch=2, image=(1, 8, 8), classes=10,
                     tb_hidden=16, pairs=None, tokens=None, share_attention=None, share_mlp=None):
            super().__init__()
            C, Hh, Ww = image
            self.cfg = dict(E=E, H=H, M=M, depth=depth, patch=patch, image=list(image),
                            classes=classes, tb_hidden=tb_hidden)
            # issue 18 (docs/encoder-int.md 3.1): tokens per encoder, shared layers
            if tokens:
                self.cfg["encoder_tokens"] = [int(t) for t in tokens]
            if share_attention:
                self.cfg["share_attention"] = [[int(i), int(j)] for i, j in share_attention]
            if share_mlp:
                self.cfg["share_mlp"] = [[int(i), int(j)] for i, j in share_mlp]
            self.patch = patch
            self.n_patches = (Hh // patch) * (Ww // patch)
            self.T = 1 + self.n_patches
            self.patch_dim = C * patch * patch
            self.patch_embed = nn.Linear(self.patch_dim, E)
            self.cls = nn.Parameter(torch.zeros(1, E))
            self.pos = nn.Parameter(torch.zeros(self.T, E))
            nn.init.normal_(self.cls, std=0.02)
            nn.init.normal_(self.pos, std=0.02)
            self.encoders = nn.ModuleList([Encoder(E, H, M) for _ in range(depth)])
            self.final_ln = nn.LayerNorm(E, eps=1e-5)
            self.head = nn.Linear(E, classes)
            self.pairs = list(pairs) if pairs is not None else []
            self.tbs = nn.ModuleDict({f"{i}_{j}": TB(E, tb_hidden) for i, j in self.pairs})
            self.tie_shared()

        def tie_shared(self):
            """Encoder i's shared layers use encoder j's weight Parameter (one tensor,
            trained once); biases stay per encoder (docs/encoder-int.md 3.1)."""
            for key, names in (("share_attention", ("q_proj", "k_proj", "v_proj", "out_proj")),
                               ("share_mlp", ("fc1", "fc2"))):
                for i, j in self.cfg.get(key, []):
                    for nm in names:
                        getattr(self.encoders[i], nm).weight = getattr(self.encoders[j], nm).weight

        def prune(self, h, enc, keep):
            """The rule of docs/encoder-int.md 3.1 in float: keep the class token and the
            keep-1 tokens with the largest class-token attention summed over heads
            (ties to the lower row), in ascending row order."""
            score = enc.last_p[:, :, 0, 1:].sum(dim=1)  # (N, T-1)
            # a stable sort: largest score first, equal scores keep the lower row first
            order = torch.sort(-score.detach(), dim=1, stable=True).indices[:, :keep - 1] + 1
            idx = torch.sort(torch.cat([torch.zeros_like(order[:, :1]), order], dim=1), dim=1).values
            return torch.gather(h, 1, idx.unsqueeze(-1).expand(-1, -1, h.shape[2]))

        def patches(self, x):
            """(N, C, H, W) -> (N, patches, C*p*p): patches in raster order, inside a
            patch (channel, dy, dx)."""
            n, c, h, w = x.shape
            p = self.patch
            x = x.reshape(n, c, h // p, p, w // p, p)
            x = x.permute(0, 2, 4, 1, 3, 5)  # n, py, px, c, dy, dx
            return x.reshape(n, (h // p) * (w // p), c * p * p)

        def forward(self, x, reuse=None, rec=None, want=None):
            """x: float images (N, C, H, W) (pixels / 16). reuse: {encoder: source}.
            rec(name, tensor): called for every intermediate named as in the integer
            model (for calibration). want: dict filled with 'attn' {i: a_i computed},
            'tb' {i: TB output used}, 'attn_replaced' {i: encoder i's own attention on
            its input, computed only when want['targets'] is true}."""
            reuse = reuse or {}
            pe = self.patch_embed(self.patches(x))
            n = x.shape[0]
            cls = self.cls.unsqueeze(0).expand(n, -1, -1)
            x0 = torch.cat([cls, pe], dim=1)
            h = x0 + self.pos
            if rec is not None:
                rec("model.patch_embed", x0)
                rec("model.pos_embed", h)
            attn = {}
            tokens = self.cfg.get("encoder_tokens")
            if tokens and reuse:
                raise ValueError("a pruned model runs without reuse here")
            for i, enc in enumerate(self.encoders):
                scope = f"enc{i:02d}"
                if i in reuse:
                    j = reuse[i]
                    if rec is not None:
                        rec(f"{scope}.ln1", enc.ln1(h))
                    a = self.tbs[f"{i}_{j}"](attn[j], rec, f"{scope}.tb{j:02d}")
                    if want is not None:
                        want.setdefault("tb", {})[i] = a
                        if want.get("targets"):
                            want.setdefault("attn_replaced", {})[i] = enc.attention(h)
                    hh = h + a
                    if rec is not None:
                        rec(f"{scope}.tb{j:02d}.residual1", hh)
                else:
                    a = enc.attention(h, rec, scope)
                    attn[i] = a
                    hh = h + a
                    if rec is not None:
                        rec(f"{scope}.residual1", hh)
                h = enc.mlp_half(hh, rec, scope)
                if tokens and i + 1 < len(tokens) and tokens[i + 1] < h.shape[1]:
                    h = self.prune(h, enc, tokens[i + 1])
            if want is not None:
                want["attn"] = attn
            z = self.final_ln(h[:, 0])
            if rec is not None:
                rec("model.final_ln", z)
            return self.head(z)

    return ViT


def save_checkpoint(path, model, meta):
    """Saves the state dict and the metadata (json-able) atomically."""
    import torch
    with safeout.writer(path, "wb") as f:
        torch.save({"state": model.state_dict(), "cfg": model.cfg, "pairs": model.pairs, "meta": meta}, f)


def load_checkpoint(path):
    import torch
    try:
        ck = torch.load(path, map_location="cpu")
    except (OSError, RuntimeError) as e:
        raise SystemExit(f"{path}: cannot read checkpoint: {e}")
    ViT = build_model_classes()
    cfg = ck["cfg"]
    model = ViT(E=cfg["E"], H=cfg["H"], M=cfg["M"], depth=cfg["depth"], patch=cfg["patch"],
                image=tuple(cfg["image"]), classes=cfg["classes"], tb_hidden=cfg["tb_hidden"],
                pairs=[tuple(p) for p in ck["pairs"]], tokens=cfg.get("encoder_tokens"),
                share_attention=cfg.get("share_attention"), share_mlp=cfg.get("share_mlp"))
    model.load_state_dict(ck["state"])
    model.eval()
    return model, ck.get("meta", {})


def eprint(*a):
    print(*a, file=sys.stderr, flush=True)
