#!/usr/bin/python3
"""Integer emulation of the encoder contract in NumPy, for the exporter's own check.

Written from docs/encoder-int.md (sections 1-7) for a lossless tile only: every
matrix product is the exact integer product (float64 BLAS, exact below 2^53), which
is what the tile returns when its ADC is lossless (sh = 0). The project's reference
implementation of the contract, scripts/vit/intref.py, models the tile bit by bit
(any chip) and dumps every op; this one is the exporter's fast evaluator of integer
top-1 over many reuse lists, and a further independent reading of the contract.

  intemu.py --model DIR --data DIR [--reuse LIST ...] [--json FILE]

Reads only the model directory written by export_int.py (numpy alone).
"""
import argparse
import json
import os
import sys

import numpy as np

I64 = np.int64


def sat(v, bits):
    lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return np.clip(v, lo, hi)


def rshr(v, s):
    """Round half up: (v + 2^(s-1)) >> s (arithmetic), s = 0 -> v."""
    v = np.asarray(v, dtype=I64)
    if s == 0:
        return v
    return (v + (I64(1) << I64(s - 1))) >> I64(s)


def matmul_exact(x, w):
    """Exact integer product of int8 matrices (|sum| << 2^53, so float64 is exact)."""
    return np.rint(x.astype(np.float64) @ w.astype(np.float64)).astype(I64)


def requant(acc, M, s):
    return sat(rshr(sat(acc, 32) * I64(M), s), 8).astype(I64)


def isqrt(d):
    """Floor square root of a non-negative int64 array (< 2^53)."""
    r = np.floor(np.sqrt(d.astype(np.float64))).astype(I64)
    r = np.where(r * r > d, r - 1, r)
    r = np.where((r + 1) * (r + 1) <= d, r + 1, r)
    return r


class Model:
    def __init__(self, d):
        self.dir = d
        path = os.path.join(d, "model.json")
        try:
            with open(path) as f:
                self.js = json.load(f)
        except (OSError, ValueError) as e:
            raise SystemExit(f"{path}: {e}")
        if self.js.get("format") != "trex-int-vit" or self.js.get("version") != 1:
            raise SystemExit(f"{path}: format: not trex-int-vit version 1")
        self.keys = self.js["model"]
        self.layers = self.js["layers"]
        self.pairs = {(int(a), int(b)) for a, b in self.js["reuse_pairs"]}
        self._cache = {}

    def t(self, layer, tensor):
        fn = os.path.join(self.dir, f"{layer}.{tensor}.npy")
        if fn not in self._cache:
            try:
                self._cache[fn] = np.load(fn, allow_pickle=False).astype(I64)
            except (OSError, ValueError) as e:
                raise SystemExit(f"{fn}: {e}")
        return self._cache[fn]

    def p(self, layer, key):
        return int(self.layers[layer][key])

    # -------------------------------------------------------------- ops
    def linear(self, op, x, logits=False):
        acc = matmul_exact(x, self.t(op, "w")) + self.t(op, "b")
        if logits:
            return sat(acc, 32)
        return requant(acc, self.p(op, "M"), self.p(op, "s"))

    def layernorm(self, op, x):
        E = x.shape[-1]
        s1 = x.sum(-1, keepdims=True)
        s2 = (x * x).sum(-1, keepdims=True)
        D = E * s2 - s1 * s1
        R = isqrt((D + self.p(op, "eps_q")) << I64(16))
        r = (I64(1) << I64(48)) // R
        c = E * x - s1
        m = rshr(c * r, 24)
        return sat(rshr(m * self.t(op, "g") + self.t(op, "b"), self.p(op, "s")), 8)

    def gelu(self, op, x):
        return self.t(op, "lut")[x + 128]  # op: the layer name holding the table

    def residual(self, op, a, b):
        return sat(rshr(a * I64(self.p(op, "Ma")) + b * I64(self.p(op, "Mb")), self.p(op, "s")), 8)

    def softmax(self, op, q):
        lut = self.t(op, "lut")  # op: encNN.softmax
        mx = q.max(-1, keepdims=True)
        e = lut[mx - q]
        S = e.sum(-1, keepdims=True)
        r = (I64(1) << I64(40)) // S
        return np.minimum(127, rshr(e * r, 33))

    # -------------------------------------------------------------- model
    def patches(self, img):
        n, c, h, w = img.shape
        p = self.js["image"]["patch"]
        x = img.reshape(n, c, h // p, p, w // p, p).transpose(0, 2, 4, 1, 3, 5)
        return x.reshape(n, (h // p) * (w // p), c * p * p)

    def attention(self, sc, z):
        n, T, E = z.shape
        H = self.keys["heads"]
        d = E // H
        q = self.linear(f"{sc}.q_proj", z)
        k = self.linear(f"{sc}.k_proj", z)
        v = self.linear(f"{sc}.v_proj", z)
        qh = q.reshape(n, T, H, d).transpose(0, 2, 1, 3)
        kh = k.reshape(n, T, H, d).transpose(0, 2, 1, 3)
        vh = v.reshape(n, T, H, d).transpose(0, 2, 1, 3)
        scores = requant(np.einsum("nhtd,nhsd->nhts", qh.astype(np.float64), kh.astype(np.float64))
                         .round().astype(I64), self.p(f"{sc}.qk", "M"), self.p(f"{sc}.qk", "s"))
        p = self.softmax(f"{sc}.softmax", scores)
        s = requant(np.einsum("nhts,nhsd->nhtd", p.astype(np.float64), vh.astype(np.float64))
                    .round().astype(I64), self.p(f"{sc}.sv", "M"), self.p(f"{sc}.sv", "s"))
        s = s.transpose(0, 2, 1, 3).reshape(n, T, E)
        return self.linear(f"{sc}.out_proj", s)

    def forward(self, img, rmap):
        """img int8 (N, C, H, W) -> int32 logits (N, classes)."""
        for i, j in rmap.items():
            if (i, j) not in self.pairs:
                raise ValueError(f"reuse pair ({i}, {j}) has no TB in {self.dir}")
        x = self.patches(img.astype(I64))
        pe = self.linear("model.patch_embed", x)
        n = pe.shape[0]
        cls = np.broadcast_to(self.t("model.pos_embed", "cls")[None, None, :], (n, 1, pe.shape[2]))
        a = np.concatenate([cls, pe], axis=1)
        h = self.residual("model.pos_embed", a, self.t("model.pos_embed", "pos")[None])
        saved = {}
        for i in range(self.keys["depth"]):
            sc = f"enc{i:02d}"
            z1 = self.layernorm(f"{sc}.ln1", h)  # issued in every encoder; unused when reusing
            if i in rmap:
                j = rmap[i]
                tb = f"{sc}.tb{j:02d}"
                z = self.layernorm(f"{tb}.tb_ln", saved[j])
                u = self.gelu(f"{tb}.tb_gelu", self.linear(f"{tb}.tb_fc1", z))
                if self.keys["tb_layers"] == 2:
                    u = self.linear(f"{tb}.tb_fc2", u)
                hh = self.residual(f"{sc}.residual1", h, u)
            else:
                at = self.attention(sc, z1)
                saved[i] = at
                hh = self.residual(f"{sc}.residual1", h, at)
            z = self.layernorm(f"{sc}.ln2", hh)
            g = self.gelu(f"{sc}.gelu", self.linear(f"{sc}.fc1", z))
            h = self.residual(f"{sc}.residual2", hh, self.linear(f"{sc}.fc2", g))
        z = self.layernorm("model.final_ln", h[:, 0])
        return self.linear("model.head", z, logits=True)


def top1(model, images, labels, rmap, batch=512):
    correct = 0
    for b in range(0, len(labels), batch):
        lg = model.forward(images[b:b + batch], rmap)
        correct += int((lg.argmax(1) == labels[b:b + batch]).sum())
    return 100.0 * correct / len(labels)


def main(argv=None):
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import vit_digits as vd
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="model directory (export_int.py)")
    ap.add_argument("--data", required=True, help="dataset directory (images.npy, labels.npy)")
    ap.add_argument("--reuse", action="append", default=None,
                    help="reuse list (repeatable; default: none)")
    ap.add_argument("--json", help="write {list: top-1} here")
    args = ap.parse_args(argv)
    m = Model(args.model)
    images, labels = vd.load_dataset(args.data)
    res = {}
    for text in args.reuse or ["none"]:
        try:
            rmap = vd.resolve_reuse(vd.parse_reuse(text, m.keys["depth"]), m.keys["depth"])
            res[vd.reuse_text(rmap)] = top1(m, images, labels, rmap)
        except ValueError as e:
            print(f"intemu: {e}", file=sys.stderr)
            return 1
        except KeyError as e:
            print(f"intemu: {os.path.join(args.model, 'model.json')}: missing key {e} "
                  f"(trex infer names every defect of a model directory)", file=sys.stderr)
            return 1
    for k, v in res.items():
        print(f"{k:>16}  {v:6.2f}")
    if args.json:
        import safeout
        safeout.write_json(args.json, {"model": args.model, "data": args.data, "top1": res})
    return 0


if __name__ == "__main__":
    sys.exit(main())
