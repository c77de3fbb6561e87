#!/usr/bin/python3
"""inttorch: the integer ViT of docs/encoder-int.md in PyTorch (int64 tensors),
batched over images, for the lossless tile only (every matrix product is the
exact integer product, which is what a tile with a lossless ADC returns,
section 4). It is the PyTorch peer of `trex accuracy` in `make bench`: the
same integer contract, the same model directory and dataset, the same logits
bit for bit, timed side by side.

  inttorch.py --model DIR --data DIR [--reuse LIST] [--limit N] [--threads T]
              [--logits FILE] [--json]

Written from docs/encoder-int.md sections 1-8 (no code shared with the C
model, intref.py or the exporter). Run with /usr/bin/python3 (Debian's torch
and numpy). Exit 3 when torch is not installed (the bench then skips it).
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safeout  # noqa: E402

try:
    import torch
    I64 = torch.int64
except ImportError:  # main() exits 3 once the arguments are checked
    torch = None


def rshr(v, s):
    """Round half up: (v + 2^(s-1)) >> s, arithmetic shift; v for s = 0."""
    if s == 0:
        return v
    return (v + (1 << (s - 1))) >> s


def sat(v, bits):
    return v.clamp(-(1 << (bits - 1)), (1 << (bits - 1)) - 1)


def requant(acc, M, s):
    return sat(rshr(sat(acc, 32) * M, s), 8)


def add(a, b, p):
    return sat(rshr(a * p["Ma"] + b * p["Mb"], p["s"]), 8)


def isqrt(v):
    """floor(sqrt(v)) for 0 <= v < 2^63, exact (float estimate, then fixed)."""
    r = torch.sqrt(v.to(torch.float64)).floor().to(I64)
    r = torch.where(r * r > v, r - 1, r)
    r = torch.where(r * r > v, r - 1, r)
    # (r+1)^2 <= v without squaring near 2^63: r + 1 <= v // (r + 1)
    r = torch.where(r + 1 <= torch.div(v, r + 1, rounding_mode="floor"), r + 1, r)
    return r


def layernorm(x, p, g, b):
    """Section 5.2 over the last axis."""
    n = x.shape[-1]
    s1 = x.sum(-1, keepdim=True)
    s2 = (x * x).sum(-1, keepdim=True)
    d = n * s2 - s1 * s1
    v = d + p["eps_q"]
    root = isqrt(v * (1 << 16))
    r = torch.div(torch.full_like(root, 1 << 48), root, rounding_mode="floor")
    c = n * x - s1
    m = rshr(c * r, 24)
    return sat(rshr(m * g + b, p["s"]), 8)


def softmax(q, lut):
    """Section 5.1 over the last axis (q int8 scores as int64)."""
    mx = q.max(-1, keepdim=True).values
    e = lut[mx - q]
    S = e.sum(-1, keepdim=True)
    r = torch.div(torch.full_like(S, 1 << 40), S, rounding_mode="floor")
    return rshr(e * r, 33).clamp(max=127)


class Model:
    def __init__(self, d):
        with open(os.path.join(d, "model.json")) as f:
            j = json.load(f)
        self.j = j
        self.dir = d
        m, im = j["model"], j["image"]
        self.T, self.E, self.H = m["tokens"], m["embedding"], m["heads"]
        self.D, self.K, self.tbl = m["depth"], m["classes"], m["tb_layers"]
        self.C, self.Hh, self.W, self.p = im["channels"], im["height"], im["width"], im["patch"]
        self.L = j["layers"]
        self.pairs = {(a, b) for a, b in j["reuse_pairs"]}
        self.cache = {}

    def t(self, layer, name):
        """A tensor as int64, read once (the timed forward pass reads no file
        after the first call: main() runs one untimed warm-up image)."""
        key = (layer, name)
        if key not in self.cache:
            a = np.load(os.path.join(self.dir, f"{layer}.{name}.npy"))
            self.cache[key] = torch.from_numpy(a.astype(np.int64))
        return self.cache[key]

    def lin(self, x, layer, head=False):
        acc = x @ self.t(layer, "w") + self.t(layer, "b")
        if head:
            return sat(acc, 32)
        return requant(acc, self.L[layer]["M"], self.L[layer]["s"])

    def ln(self, x, layer):
        return layernorm(x, self.L[layer], self.t(layer, "g"), self.t(layer, "b"))

    def resolve(self, text):
        """docs/encoder-int.md section 3: ENC or ENC:SRC; automatic source = the
        most recent computing encoder before ENC."""
        text = text.strip()
        src = {}
        if text and text != "none":
            for tok in text.split(","):
                tok = tok.strip()
                if ":" in tok:
                    a, b = tok.split(":")
                    src[int(a)] = int(b)
                else:
                    src[int(tok)] = None
        for i in sorted(src):
            if src[i] is None:
                j = i - 1
                while j in src:
                    j -= 1
                src[i] = j
            if (i, src[i]) not in self.pairs:
                raise SystemExit(f"inttorch: encoder {i} reusing {src[i]} has no TB in the model")
        return src

    def forward(self, images, reuse):
        N, T, E, H = images.shape[0], self.T, self.E, self.H
        d, p = E // H, self.p
        x = images.to(I64)
        # section 2: patches in raster order, element c*p*p + dy*p + dx
        pt = x.reshape(N, self.C, self.Hh // p, p, self.W // p, p).permute(0, 2, 4, 1, 3, 5)
        pt = pt.reshape(N, T - 1, self.C * p * p)
        pe = self.lin(pt, "model.patch_embed")
        cls = self.t("model.pos_embed", "cls").reshape(1, 1, E).expand(N, 1, E)
        x = add(torch.cat([cls, pe], 1), self.t("model.pos_embed", "pos"), self.L["model.pos_embed"])
        store = {}
        sources = set(reuse.values())
        for i in range(self.D):
            sc = f"enc{i:02d}"
            self.ln(x, f"{sc}.ln1")  # issued by the controller also when reusing; unused then
            if i in reuse:
                j = reuse[i]
                tb = f"{sc}.tb{j:02d}"
                a = self.lin(self.ln(store[j], f"{tb}.tb_ln"), f"{tb}.tb_fc1")
                a = self.t(f"{tb}.tb_gelu", "lut")[a + 128]
                if self.tbl == 2:
                    a = self.lin(a, f"{tb}.tb_fc2")
            else:
                h1 = self.ln(x, f"{sc}.ln1")
                q = self.lin(h1, f"{sc}.q_proj").reshape(N, T, H, d).transpose(1, 2)
                k = self.lin(h1, f"{sc}.k_proj").reshape(N, T, H, d).transpose(1, 2)
                v = self.lin(h1, f"{sc}.v_proj").reshape(N, T, H, d).transpose(1, 2)
                qk = self.L[f"{sc}.qk"]
                s = requant(q @ k.transpose(2, 3), qk["M"], qk["s"])
                pr = softmax(s, self.t(f"{sc}.softmax", "lut"))
                sv = self.L[f"{sc}.sv"]
                o = requant(pr @ v, sv["M"], sv["s"]).transpose(1, 2).reshape(N, T, E)
                a = self.lin(o, f"{sc}.out_proj")
                if i in sources:
                    store[i] = a
            h = add(x, a, self.L[f"{sc}.residual1"])
            f = self.lin(self.ln(h, f"{sc}.ln2"), f"{sc}.fc1")
            f = self.t(f"{sc}.gelu", "lut")[f + 128]
            f = self.lin(f, f"{sc}.fc2")
            x = add(h, f, self.L[f"{sc}.residual2"])
        return self.lin(self.ln(x[:, 0], "model.final_ln"), "model.head", head=True)


def count_arg(lo):
    """An argparse type: a whole number >= LO, written in decimal digits."""
    def parse(text):
        if not text.isdigit() or int(text) < lo or int(text) > 2**31 - 1:
            raise argparse.ArgumentTypeError("'%s' is not a whole number in %d..2147483647" % (text, lo))
        return int(text)
    return parse


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--reuse", default="")
    ap.add_argument("--limit", type=count_arg(0), default=0, help="first N images (default 0: all)")
    ap.add_argument("--threads", type=count_arg(1), default=1, help="torch threads (default 1)")
    ap.add_argument("--logits", help="write the int32 logits to this .npy file (exactly this name)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if a.logits:  # a refused output costs no inference (nor torch's import)
        safeout.check_file_target(a.logits)
    if torch is None:  # the bench reports the peer as skipped
        print("inttorch: torch is not installed for this interpreter", file=sys.stderr)
        return 3
    torch.set_num_threads(a.threads)
    m = Model(a.model)
    images = np.load(os.path.join(a.data, "images.npy"))
    labels = np.load(os.path.join(a.data, "labels.npy"))
    if a.limit > 0:
        images, labels = images[:a.limit], labels[:a.limit]
    reuse = m.resolve(a.reuse)
    x = torch.from_numpy(images.astype(np.int64))
    with torch.no_grad():  # untimed warm-up: reads every tensor of this reuse list
        m.forward(x[:1], reuse)
    c0, w0 = time.process_time(), time.perf_counter()
    with torch.no_grad():
        logits = m.forward(x, reuse)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    lg = logits.numpy().astype(np.int32)
    pred = lg.argmax(1)  # numpy: the first of equal maxima, the contract's tie rule
    correct = int((pred == labels).sum())
    n = len(labels)
    if n == 0:
        raise safeout.OutError("%s: no images" % os.path.join(a.data, "images.npy"))
    if a.logits:
        safeout.save_npy(a.logits, lg)
    res = {"format": "inttorch", "torch": torch.__version__, "threads": a.threads, "images": n,
           "reuse": a.reuse, "correct": correct, "top1": 100.0 * correct / n, "cpu_s": cpu,
           "wall_s": wall, "images_per_s": n / cpu if cpu > 0 else 0.0}
    if a.json:
        print(json.dumps(res))
    else:
        print(f"inttorch: {n} images, top-1 {res['top1']:.2f}% ({correct}/{n}), "
              f"{cpu:.2f} s CPU ({res['images_per_s']:.1f} images/s), torch {torch.__version__}, "
              f"{a.threads} thread(s)")
    return 0


if __name__ == "__main__":
    sys.exit(safeout.main_guard("inttorch.py", main))
