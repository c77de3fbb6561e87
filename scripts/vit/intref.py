#!/usr/bin/python3
"""intref: the integer ViT of docs/encoder-int.md in NumPy, written from that
document (and ../shared/design/xbar-tile.md for the tile) alone.

It is the second, independent implementation of the contract: `trex infer`
(the golden C model) and this script must agree bit for bit on every
operation's output. Run with /usr/bin/python3 (NumPy only).

  intref.py infer --model DIR --input FILE [--chip FILE] [--reuse LIST]
                  [--dump DIR] [--json]
  intref.py check --model DIR --input FILE [--chip FILE] [--reuse LIST]
                  --against DUMP
      compute every op and compare it with a `trex infer --dump` directory
      (same model, input, chip and reuse list); exit 1 at the first
      difference, naming op, image and element.
  intref.py compare DUMP_A DUMP_B
      compare two dump directories op by op.

The ideal tile only: the non-ideal tile (section 10) is not implemented.
"""
import argparse
import json
import math
import os
import sys

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safeout  # noqa: E402

I64 = np.int64

# ---- section 1: integer rules ------------------------------------------------


def sat8(v):
    return np.clip(v, -128, 127)


def sat32(v):
    return np.clip(v, -(2 ** 31), 2 ** 31 - 1)


def rshr(v, s):
    """round half up: (v + 2^(s-1)) >> s (floor shift), v for s = 0"""
    v = np.asarray(v, dtype=I64)
    if s == 0:
        return v
    return (v + (I64(1) << I64(s - 1))) >> I64(s)


def requant(acc, M, s):
    return sat8(rshr(sat32(np.asarray(acc, dtype=I64)) * I64(M), s)).astype(np.int8)


def add(a, b, Ma, Mb, s):
    return sat8(rshr(a.astype(I64) * I64(Ma) + b.astype(I64) * I64(Mb), s)).astype(np.int8)


def isqrt_vec(v):
    """floor sqrt of non-negative int64 values below 2^63"""
    v = np.asarray(v, dtype=I64)
    r = np.floor(np.sqrt(v.astype(np.float64))).astype(I64)
    u = v.astype(np.uint64)
    for _ in range(4):
        rr = r.astype(np.uint64)
        r = np.where(rr * rr > u, r - 1, r)
        rr = r.astype(np.uint64)
        r = np.where((rr + 1) * (rr + 1) <= u, r + 1, r)
    return r


# ---- the tile (xbar-tile.md) ---------------------------------------------------


class Tile:
    """The ideal tile's arithmetic, vectorised over many weight sets and
    input vectors: mvm(W[G, R, O], X[G, V, R]) -> Y[G, V, O] (int64 values of
    the 32-bit words)."""

    def __init__(self, cfg):
        self.rows = cfg["rows"]
        self.outs = cfg["outs"]
        self.w_bits = cfg["w_bits"]
        self.cell_bits = cfg["cell_bits"]
        self.x_bits = cfg["x_bits"]
        self.x_signed = cfg.get("x_signed", True)
        self.adc_bits = cfg["adc_bits"]
        self.enc = cfg.get("w_encoding", "offset")
        if self.w_bits != 8 or self.x_bits != 8 or not self.x_signed:
            raise SystemExit("intref: the tile must have w_bits 8, x_bits 8, x_signed")
        self.slices = self.w_bits // self.cell_bits
        fs = self.rows * (2 ** self.cell_bits - 1)
        self.sh = max(0, fs.bit_length() - self.adc_bits)
        self.rnd = (1 << (self.sh - 1)) if self.sh else 0
        self.qmax = 2 ** self.adc_bits - 1

    def digits(self, W):
        """per plane (sign, [slice digit arrays]) of W (int64)"""
        mask = 2 ** self.cell_bits - 1
        if self.enc == "offset":
            planes = [(1, W + 2 ** (self.w_bits - 1))]
        else:
            planes = [(1, np.maximum(W, 0)), (-1, np.maximum(-W, 0))]
        out = []
        for sign, u in planes:
            out.append((sign, [(u >> (s * self.cell_bits)) & mask for s in range(self.slices)]))
        return out

    def mvm(self, W, X):
        W = W.astype(I64)
        X = X.astype(I64)
        pat = X & (2 ** self.x_bits - 1)
        bits = [((pat >> p) & 1).astype(np.float64) for p in range(self.x_bits)]
        acc = np.zeros(X.shape[:2] + (W.shape[2],), dtype=I64)
        for sign, sl in self.digits(W):
            for s, dig in enumerate(sl):
                D = dig.astype(np.float64)
                for p in range(self.x_bits):
                    col = np.matmul(bits[p], D).astype(I64)  # exact: < 2^53
                    q = np.minimum((col + self.rnd) >> self.sh, self.qmax)
                    cp = -1 if (self.x_signed and p == self.x_bits - 1) else 1
                    acc += sign * cp * ((q << self.sh) << (p + s * self.cell_bits))
        if self.enc == "offset":
            acc -= 2 ** (self.w_bits - 1) * X.sum(axis=2)[:, :, None]
        return ((acc + 2 ** 31) % 2 ** 32) - 2 ** 31  # 32-bit two's complement word


def mm(tile, X, W):
    """section 4: X [G, V, k] int8 vectors, W [G, k, n] int8 -> acc [G, V, n]
    int64, on ceil(k/R) x ceil(n/O) tiles, row-block partial sums added"""
    G, V, k = X.shape
    n = W.shape[2]
    R, O = tile.rows, tile.outs
    rb, cb = -(-k // R), -(-n // O)
    Wp = np.zeros((G, rb * R, cb * O), dtype=I64)
    Wp[:, :k, :n] = W
    Xp = np.zeros((G, V, rb * R), dtype=I64)
    Xp[:, :, :k] = X
    acc = np.zeros((G, V, cb * O), dtype=I64)
    for b in range(rb):
        xb = Xp[:, :, b * R:(b + 1) * R]
        for c in range(cb):
            acc[:, :, c * O:(c + 1) * O] += tile.mvm(Wp[:, b * R:(b + 1) * R, c * O:(c + 1) * O], xb)
    return acc[:, :, :n]


def linear(tile, X, layer):
    """X [N, m, k] -> requantised [N, m, n]"""
    N, m, k = X.shape
    acc = mm(tile, X.reshape(1, N * m, k), layer["w"][None])[0] + layer["b"].astype(I64)
    return requant(acc, layer["M"], layer["s"]).reshape(N, m, -1)


# ---- section 5: the digital units ------------------------------------------------


def softmax(q, lut):
    """rows along the last axis"""
    q = q.astype(I64)
    mx = q.max(axis=-1, keepdims=True)
    e = lut.astype(I64)[mx - q]
    S = e.sum(axis=-1, keepdims=True)
    r = (I64(1) << I64(40)) // S
    return np.minimum(127, rshr(e * r, 33)).astype(np.int8)


def layernorm(x, ln):
    """rows along the last axis (n = E)"""
    n = x.shape[-1]
    x = x.astype(I64)
    S1 = x.sum(axis=-1, keepdims=True)
    S2 = (x * x).sum(axis=-1, keepdims=True)
    D = n * S2 - S1 * S1
    V = D + I64(ln["eps_q"])
    R = isqrt_vec(V << I64(16))
    r = (I64(1) << I64(48)) // R
    c = n * x - S1
    m = rshr(c * r, 24)
    return sat8(rshr(m * ln["g"].astype(I64) + ln["b"].astype(I64), ln["s"])).astype(np.int8)


def gelu(x, lut):
    return lut[x.astype(I64) + 128].astype(np.int8)


# ---- section 7: the model directory ------------------------------------------------


def load_model(d):
    with open(os.path.join(d, "model.json")) as f:
        mj = json.load(f)
    assert mj["format"] == "trex-int-vit" and mj["version"] == 1
    mo, im = mj["model"], mj["image"]

    def t(layer, name, dtype, shape):
        a = np.load(os.path.join(d, "%s.%s.npy" % (layer, name)), allow_pickle=False)
        if a.dtype != dtype or a.shape != tuple(shape):
            raise SystemExit("intref: %s.%s: %s %s, expected %s %s" % (layer, name, a.dtype, a.shape, dtype, shape))
        return a

    T, E, M = mo["tokens"], mo["embedding"], mo["mlp"]
    Th, L, K, pd = mo["tb_hidden"], mo["tb_layers"], mo["classes"], mo["patch_dim"]
    th1 = Th if L == 2 else E
    lay = mj["layers"]

    D = mo["depth"]
    # section 3.1: token counts per encoder and shared layers
    Ts = list(mo.get("encoder_tokens", [T] * D))
    sh_attn = {int(i): int(j) for i, j in mo.get("share_attention", [])}
    sh_mlp = {int(i): int(j) for i, j in mo.get("share_mlp", [])}

    def lin(name, k, n, params=True, w_of=None):
        """w_of: the layer whose w this one uses (a shared layer has no w file)"""
        x = {"w": t(w_of or name, "w", np.int8, (k, n)), "b": t(name, "b", np.int32, (n,))}
        if params:
            x.update(M=lay[name]["M"], s=lay[name]["s"])
        return x

    def ln(name):
        return {"g": t(name, "g", np.int32, (E,)), "b": t(name, "b", np.int32, (E,)),
                "eps_q": lay[name]["eps_q"], "s": lay[name]["s"]}

    def addp(name):
        return {k: lay[name][k] for k in ("Ma", "Mb", "s")}

    m = {"json": mj, "name": mj["name"], "T": T, "E": E, "H": mo["heads"], "M": M,
         "D": mo["depth"], "Th": Th, "L": L, "th1": th1, "K": K, "pd": pd,
         "C": im["channels"], "Hi": im["height"], "Wi": im["width"], "p": im["patch"],
         "in_min": im["input_min"], "in_max": im["input_max"],
         "pairs": [tuple(p) for p in mj["reuse_pairs"]], "Ts": Ts}
    m["patch_embed"] = lin("model.patch_embed", pd, E)
    m["pos_embed"] = dict(addp("model.pos_embed"), cls=t("model.pos_embed", "cls", np.int8, (E,)),
                          pos=t("model.pos_embed", "pos", np.int8, (T, E)))
    m["final_ln"] = ln("model.final_ln")
    m["head"] = lin("model.head", E, K, params=False)
    m["enc"] = []
    for i in range(m["D"]):
        p = "enc%02d." % i
        pa = "enc%02d." % sh_attn.get(i, i)  # owner of the attention projections
        pm = "enc%02d." % sh_mlp.get(i, i)   # owner of the MLP
        m["enc"].append({
            "ln1": ln(p + "ln1"), "ln2": ln(p + "ln2"),
            "q_proj": lin(p + "q_proj", E, E, w_of=pa + "q_proj"),
            "k_proj": lin(p + "k_proj", E, E, w_of=pa + "k_proj"),
            "v_proj": lin(p + "v_proj", E, E, w_of=pa + "v_proj"),
            "out_proj": lin(p + "out_proj", E, E, w_of=pa + "out_proj"),
            "qk": lay[p + "qk"], "sv": lay[p + "sv"],
            "softmax": t(p + "softmax", "lut", np.int32, (256,)),
            "fc1": lin(p + "fc1", E, M, w_of=pm + "fc1"),
            "gelu": t(p + "gelu", "lut", np.int8, (256,)),
            "fc2": lin(p + "fc2", M, E, w_of=pm + "fc2"),
            "residual1": addp(p + "residual1"), "residual2": addp(p + "residual2")})
    m["tb"] = {}
    for (i, j) in m["pairs"]:
        p = "enc%02d.tb%02d." % (i, j)
        tb = {"tb_ln": ln(p + "tb_ln"), "tb_fc1": lin(p + "tb_fc1", E, th1),
              "tb_gelu": t(p + "tb_gelu", "lut", np.int8, (256,))}
        if L == 2:
            tb["tb_fc2"] = lin(p + "tb_fc2", Th, E)
        m["tb"][(i, j)] = tb
    return m


def load_tile(path):
    # without --chip: the default chip's tile (docs/defaults.md; 8-bit lossless ADC
    # since issue 12)
    cfg = {"rows": 64, "outs": 8, "w_bits": 8, "cell_bits": 2, "x_bits": 8, "x_signed": True,
           "adc_bits": 8, "cols_per_adc": 8, "w_encoding": "offset"}
    if path:
        with open(path) as f:
            c = json.load(f)
        if "tile" in c:
            cfg = dict(c["tile"])
            cfg.setdefault("x_signed", True)
            cfg.setdefault("w_encoding", "offset")
    return Tile(cfg)


# ---- section 3: reuse list and op order ------------------------------------------------


def resolve_reuse(text, D, pairs):
    """-> {encoder: source}; the controller's rules, then the model's pairs"""
    items = []
    text = text.strip()
    if text and text != "none":
        for tok in text.split(","):
            tok = tok.strip()
            if ":" in tok:
                a, b = tok.split(":")
                items.append((int(a), int(b)))
            else:
                items.append((int(tok), None))
    seen = set()
    for (e, s) in items:
        if e >= 64:
            raise SystemExit("intref: reuse index %d >= 64" % e)
        if e in seen:
            raise SystemExit("intref: encoder %d listed twice" % e)
        seen.add(e)
        if s is not None and s >= 64:
            raise SystemExit("intref: source %d >= 64" % s)
    explicit = dict(items)
    reused = {}
    last = None
    for i in range(64):
        if i in explicit:
            if i >= D:
                raise SystemExit("intref: encoder %d >= depth %d" % (i, D))
            if i == 0:
                raise SystemExit("intref: encoder 0 cannot reuse")
            s = explicit[i]
            if s is None:
                s = last
            elif s >= i or s in reused:
                raise SystemExit("intref: source %d of encoder %d is not an earlier computing encoder" % (s, i))
            reused[i] = s
        elif i < D:
            last = i
    for i, s in reused.items():
        if (i, s) not in pairs:
            raise SystemExit("intref: encoder %d reusing encoder %d is not allowed by this model" % (i, s))
    return reused


def op_stream(D, L, reused, Ts=None):
    Ts = Ts or [0] * D
    stores = set(reused.values())
    ops = [("model", "patch_embed"), ("model", "pos_embed")]
    for i in range(D):
        sc = "enc%02d" % i
        if i in reused:
            enc = ["ln1", "reuse_load", "tb_ln", "tb_fc1", "tb_gelu"] + (["tb_fc2"] if L == 2 else [])
        else:
            enc = ["ln1", "q_proj", "k_proj", "v_proj", "k_write", "qk", "softmax", "v_write", "sv",
                   "out_proj"] + (["reuse_store"] if i in stores else [])
        enc += ["residual1", "ln2", "fc1", "gelu", "fc2", "residual2"]
        if i + 1 < D and Ts[i + 1] < Ts[i]:
            if i in reused:
                raise SystemExit("intref: encoder %d reuses, but tokens are pruned after it" % i)
            enc.append("prune")
        ops += [(sc, o) for o in enc]
    return ops + [("model", "final_ln"), ("model", "head")]


# ---- section 5: the network ------------------------------------------------------


def patches(m, img):
    """img [N, C, H, W] -> [N, P, C*p*p]: patch P = py*(W/p)+px, element c*p*p+dy*p+dx"""
    N, C, Hh, W = img.shape
    p = m["p"]
    x = img.reshape(N, C, Hh // p, p, W // p, p)  # n c py dy px dx
    x = x.transpose(0, 2, 4, 1, 3, 5)  # n py px c dy dx
    return x.reshape(N, (Hh // p) * (W // p), C * p * p)


def _step_ln(tile, p, a):
    return layernorm(a, p)


def _step_linear(tile, p, a):
    return linear(tile, a, p)


def _step_gelu(tile, p, a):
    return gelu(a, p)


def _step_add(tile, p, a, b):
    return add(a, b, p["Ma"], p["Mb"], p["s"])


# The encoder's ops that apply their own parameters e[op] to entries of the
# state: op -> (the step, the entries it reads, the entry it writes).
STEP_OPS = {
    "ln1": (_step_ln, ("x",), "ln"),
    "q_proj": (_step_linear, ("ln",), "q_proj"),
    "k_proj": (_step_linear, ("ln",), "k_proj"),
    "v_proj": (_step_linear, ("ln",), "v_proj"),
    "residual1": (_step_add, ("x", "attn"), "h"),
    "ln2": (_step_ln, ("h",), "ln"),
    "fc1": (_step_linear, ("ln",), "f1"),
    "gelu": (_step_gelu, ("f1",), "g"),
    "fc2": (_step_linear, ("g",), "f2"),
    "residual2": (_step_add, ("h", "f2"), "x"),
}


def run(m, tile, img, reused, emit):
    """Executes the op stream; emit(scope, op, tensor) gets every output"""
    N = img.shape[0]
    T, E, H = m["T"], m["E"], m["H"]
    d = E // H
    st = {"ids": np.tile(np.arange(T), (N, 1))}  # live tokens' original indices
    T_full = T
    for scope, op in op_stream(m["D"], m["L"], reused, m["Ts"]):
        T = st["x"].shape[1] if "x" in st else T_full  # this encoder's tokens
        if scope == "model":
            if op == "patch_embed":
                out = linear(tile, patches(m, img), m["patch_embed"])
                st["pe"] = out
            elif op == "pos_embed":
                pe = m["pos_embed"]
                A = np.concatenate([np.broadcast_to(pe["cls"], (N, 1, E)), st["pe"]], axis=1)
                out = add(A, np.broadcast_to(pe["pos"], (N, T, E)), pe["Ma"], pe["Mb"], pe["s"])
                st["x"] = out
            elif op == "final_ln":
                out = layernorm(st["x"][:, :1, :], m["final_ln"])
                st["fln"] = out
            else:  # head
                hd = m["head"]
                acc = mm(tile, st["fln"].reshape(1, N, E), hd["w"][None])[0] + hd["b"].astype(I64)
                out = sat32(acc).astype(np.int32)
            emit(scope, op, out)
            continue
        i = int(scope[3:])
        e = m["enc"][i]
        if op in STEP_OPS:
            fn, ins, dst = STEP_OPS[op]
            out = fn(tile, e[op], *(st[k] for k in ins))
            st[dst] = out
        elif op == "k_write":  # [N, H, d, T]
            out = st["k_proj"].reshape(N, T, H, d).transpose(0, 2, 3, 1).copy()
            st["kt"] = out
        elif op == "qk":
            q = st["q_proj"].reshape(N, T, H, d).transpose(0, 2, 1, 3).reshape(N * H, T, d)
            acc = mm(tile, q, st["kt"].reshape(N * H, d, T))
            out = requant(acc, e["qk"]["M"], e["qk"]["s"]).reshape(N, H, T, T)
            st["sc"] = out
        elif op == "softmax":
            out = softmax(st["sc"], e["softmax"])
            st["pr"] = out
        elif op == "v_write":  # [N, H, T, d]
            out = st["v_proj"].reshape(N, T, H, d).transpose(0, 2, 1, 3).copy()
            st["vt"] = out
        elif op == "sv":
            acc = mm(tile, st["pr"].reshape(N * H, T, T), st["vt"].reshape(N * H, T, d))
            acc = acc.reshape(N, H, T, d).transpose(0, 2, 1, 3).reshape(N, T, E)
            out = requant(acc, e["sv"]["M"], e["sv"]["s"])
            st["svo"] = out
        elif op == "out_proj":
            out = linear(tile, st["svo"], e["out_proj"])
            st["attn"] = st["a"] = out
        elif op == "reuse_store":
            out = st["a"].copy()
            st.setdefault("slots", {})[i] = (out, st["ids"].copy())
        elif op == "reuse_load":
            slot, sids = st["slots"][reused[i]]
            # the slot's rows of the tokens alive here (both id lists ascend)
            out = np.stack([slot[n][np.isin(sids[n], st["ids"][n])] for n in range(N)])
            st["rl"] = out
        elif op.startswith("tb_"):
            tb = m["tb"][(i, reused[i])]
            if op == "tb_ln":
                out = layernorm(st["rl"], tb["tb_ln"])
            elif op == "tb_fc1":
                out = linear(tile, st["tb_prev"], tb["tb_fc1"])
            elif op == "tb_gelu":
                out = gelu(st["tb_prev"], tb["tb_gelu"])
            else:
                out = linear(tile, st["tb_prev"], tb["tb_fc2"])
            st["tb_prev"] = st["attn"] = out
        elif op == "prune":  # section 3.1
            K = m["Ts"][i + 1] - 1
            score = st["pr"][:, :, 0, :].astype(I64).sum(axis=1)  # [N, T]
            rows = np.arange(1, T)
            keep = []
            for n in range(N):
                order = np.lexsort((rows, -score[n, 1:]))  # largest first, ties: lower row
                keep.append(np.sort(np.concatenate([[0], rows[order[:K]]])))
            keep = np.stack(keep)
            out = np.stack([st["x"][n][keep[n]] for n in range(N)])
            st["ids"] = np.stack([st["ids"][n][keep[n]] for n in range(N)])
            st["x"] = out
        else:
            raise SystemExit("intref: unknown op %s" % op)
        emit(scope, op, out)
    return out  # the logits


# ---- section 8/9: commands ---------------------------------------------------------


def load_input(m, path):
    a = np.load(path, allow_pickle=False)
    if a.dtype != np.int8 or a.ndim != 4 or a.shape[1:] != (m["C"], m["Hi"], m["Wi"]) or a.shape[0] < 1:
        raise SystemExit("intref: %s: %s %s does not fit the model" % (path, a.dtype, a.shape))
    if a.min() < m["in_min"] or a.max() > m["in_max"]:
        raise SystemExit("intref: %s: a pixel is outside the input range" % path)
    return a


def reuse_text(reused):
    return ",".join("%d:%d" % (i, reused[i]) for i in sorted(reused))


def first_diff(name, a, b):
    """first differing element of two equal-shape arrays, as a message"""
    idx = np.argwhere(a != b)[0]
    axes = {4: ("image", "head", "row", "column"), 3: ("image", "row", "column"), 2: ("image", "logit")}
    names = axes.get(a.ndim, tuple("axis%d" % k for k in range(a.ndim)))
    where = " ".join("%s %d" % (n, int(v)) for n, v in zip(names, idx))
    return "%s: first difference at %s: %d vs %d (%d of %d elements differ)" % (
        name, where, int(a[tuple(idx)]), int(b[tuple(idx)]), int((a != b).sum()), a.size)


def cmd_infer(args, check_against=None):
    m = load_model(args.model)
    tile = load_tile(args.chip)
    img = load_input(m, args.input)
    reused = resolve_reuse(args.reuse, m["D"], m["pairs"])
    ops = []
    stats = {"ops": 0, "elements": 0}
    if check_against:
        with open(os.path.join(check_against, "dump.json")) as f:
            man = json.load(f)
        want = [(o["scope"], o["op"]) for o in man["ops"]]
        mine = op_stream(m["D"], m["L"], reused, m["Ts"])
        if want != mine:
            k = next((k for k, (a, b) in enumerate(zip(want, mine)) if a != b), min(len(want), len(mine)))
            print("intref: op lists differ at position %d: trex %s, intref %s" % (
                k, want[k] if k < len(want) else "end", mine[k] if k < len(mine) else "end"))
            sys.exit(1)
        if man["reuse"] != reuse_text(reused):
            print("intref: reuse lists differ: trex '%s', intref '%s'" % (man["reuse"], reuse_text(reused)))
            sys.exit(1)

    def emit(scope, op, t):
        name = "%s.%s" % (scope, op)
        ops.append((name, t))
        if check_against:
            other = np.load(os.path.join(check_against, name + ".npy"), allow_pickle=False)
            if other.dtype != t.dtype or other.shape != t.shape:
                print("intref: %s: trex %s %s, intref %s %s" % (name, other.dtype, other.shape, t.dtype, t.shape))
                sys.exit(1)
            if not np.array_equal(other, t):
                print("intref: MISMATCH " + first_diff(name, other, t) + " (trex vs intref)")
                sys.exit(1)
            stats["ops"] += 1
            stats["elements"] += t.size

    logits = run(m, tile, img, reused, emit)
    if check_against:
        print("intref: %s: %d ops, %d elements compared with %s, 0 mismatches" % (
            m["name"], stats["ops"], stats["elements"], check_against))
        return 0
    if args.dump:
        man = {"format": "trex-int-dump", "version": 1, "model": m["name"], "reuse": reuse_text(reused),
               "inputs": int(img.shape[0]), "ops": []}
        for name, t in ops:
            sc, op = name.split(".", 1)
            man["ops"].append({"scope": sc, "op": op, "file": name + ".npy", "dtype": str(t.dtype),
                               "shape": list(t.shape)})

        def fill(stage):
            for name, t in ops:
                safeout.save_npy(os.path.join(stage, name + ".npy"), t)
            safeout.write_json(os.path.join(stage, "dump.json"), man)

        # complete or not at all; a directory holding other files is refused
        safeout.replace_dir(args.dump, fill, owns=lambda n: n == "dump.json" or n.endswith(".npy"),
                            prog="intref.py --dump")
    cls = [int(np.argmax(l)) for l in logits]  # first of the largest
    if args.json:
        print(json.dumps({"model": m["name"], "reuse": reuse_text(reused), "inputs": len(cls),
                          "results": [{"input": n, "class": c, "logits": [int(v) for v in logits[n]]}
                                      for n, c in enumerate(cls)]}))
    else:
        for n, c in enumerate(cls):
            print("input %d: class %d logits %s" % (n, c, " ".join(str(int(v)) for v in logits[n])))
    return 0


def cmd_compare(a, b):
    with open(os.path.join(a, "dump.json")) as f:
        ma = json.load(f)
    with open(os.path.join(b, "dump.json")) as f:
        mb = json.load(f)
    la = [(o["scope"], o["op"]) for o in ma["ops"]]
    lb = [(o["scope"], o["op"]) for o in mb["ops"]]
    n = 0
    for k, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            print("compare: op %d: %s.%s vs %s.%s" % (k, x[0], x[1], y[0], y[1]))
            return 1
        name = "%s.%s" % x
        ta = np.load(os.path.join(a, name + ".npy"), allow_pickle=False)
        tb = np.load(os.path.join(b, name + ".npy"), allow_pickle=False)
        if ta.shape != tb.shape or ta.dtype != tb.dtype:
            print("compare: %s: %s %s vs %s %s" % (name, ta.dtype, ta.shape, tb.dtype, tb.shape))
            return 1
        if not np.array_equal(ta, tb):
            print("compare: MISMATCH " + first_diff(name, ta, tb))
            return 1
        n += ta.size
    if len(la) != len(lb):
        print("compare: %d ops vs %d ops" % (len(la), len(lb)))
        return 1
    print("compare: %d ops, %d elements, 0 mismatches" % (len(la), n))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("infer", "check"):
        p = sub.add_parser(name)
        p.add_argument("--model", required=True)
        p.add_argument("--input", required=True)
        p.add_argument("--chip")
        p.add_argument("--reuse", default="")
        if name == "infer":
            p.add_argument("--dump")
            p.add_argument("--json", action="store_true")
        else:
            p.add_argument("--against", required=True)
    p = sub.add_parser("compare")
    p.add_argument("a")
    p.add_argument("b")
    args = ap.parse_args()
    if args.cmd == "compare":
        return cmd_compare(args.a, args.b)
    return cmd_infer(args, args.against if args.cmd == "check" else None)


if __name__ == "__main__":
    sys.exit(safeout.main_guard("intref.py", main))
