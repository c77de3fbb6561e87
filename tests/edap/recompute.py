#!/usr/bin/python3
"""Independent recomputation of trex edap (issue 14, item 6).

Written from the documents only -- docs/controller.md (model, chip, mapping
rules, op families), docs/edap.md (formulas, dataflows, families) and the
technology table's JSON -- not from the C code. It rebuilds the operation
stream of a model, prices it, and compares energy, delay, area, TOPS/W,
TOPS/mm^2, every component and every family with `trex edap --json`.

Usage: recompute.py TREX [TECH CHIP MODEL] ... (no arguments after TREX: the
built-in cases below). Exit 0 when everything agrees within 1e-9 (relative),
1 otherwise, printing each disagreement.
"""
import json
import math
import subprocess
import sys

RTOL = 1e-9

# docs/controller.md, "Model description": built-ins (T, E, H, M, D, P, K):
# P = patch_dim, K = classes (0: the host runs those model-level ops)
MODELS = {"deit-t": (197, 192, 3, 768, 12, 768, 1000), "deit-s": (197, 384, 6, 1536, 12, 768, 1000),
          "deit-b": (197, 768, 12, 3072, 12, 768, 1000), "vit-b16": (197, 768, 12, 3072, 12, 768, 1000),
          "lvvit-s": (197, 384, 6, 1152, 16, 768, 1000), "bert-base": (128, 768, 12, 3072, 12, 0, 0)}

# docs/controller.md, "Chip": the default chip
DEFAULT_CHIP = {"rows": 64, "outs": 8, "w_bits": 8, "cell_bits": 2, "x_bits": 8,
                "adc_bits": 8, "cols_per_adc": 8, "planes": 1, "par_tiles": 0,
                "softmax_lanes": 64, "ln_lanes": 64, "gelu_lanes": 64, "add_lanes": 64,
                "buf_lanes": 64}


def cdiv(a, b):
    return -(-a // b)


def load_chip(path):
    chip = dict(DEFAULT_CHIP)
    if path:
        j = json.load(open(path))
        t = j.get("tile", {})
        for k in ("rows", "outs", "w_bits", "cell_bits", "x_bits", "adc_bits", "cols_per_adc"):
            if k in t:
                chip[k] = t[k]
        chip["planes"] = 2 if t.get("w_encoding", "offset") == "differential" else 1
        for k in ("par_tiles", "softmax_lanes", "ln_lanes", "gelu_lanes", "add_lanes", "buf_lanes"):
            if k in j:
                chip[k] = j[k]
    return chip


def schedule(model, chip, reused):
    """docs/controller.md, "Operations": the op stream of a model with the
    encoders in `reused` reusing (sources automatic)."""
    T, E, H, M, D, P_dim, K = model
    Th = max(1, E // 4)  # TB defaults: two layers, Th = E/4
    d = E // H
    R, O, xb = chip["rows"], chip["outs"], chip["x_bits"]
    slices = chip["w_bits"] // chip["cell_bits"]
    PC = O * slices * chip["planes"]
    P = xb * chip["cols_per_adc"] + 4
    A = xb * PC
    C = slices * chip["planes"]
    par = chip["par_tiles"]

    def rounds(tiles):
        return cdiv(tiles, par) if par and par < tiles else 1

    # docs/controller.md, "Cycles of an op": head m*period + 5; every other
    # mm op streams B = h*ceil(n/add_lanes) requantisation beats per vector:
    # m*period + 7 + B + (m-1)*max(0, B+1-period), 7 when m = 0
    def mm(name, enc, h, m, k, n):
        tiles = h * cdiv(k, R) * cdiv(n, O)
        mv = m * tiles
        period = P * rounds(tiles)
        if name == "head":
            cyc = m * period + 5
        elif m == 0:
            cyc = 7
        else:
            b = h * cdiv(n, chip["add_lanes"])
            cyc = m * period + 7 + b + (m - 1) * max(0, b + 1 - period)
        return dict(op=name, enc=enc, m=m, k=k, n=n, h=h, tiles=tiles, mvms=mv, macs=h * m * k * n,
                    conv=mv * A, cycles=cyc, reads=h * m * k,
                    writes=h * m * n, cells=0, sm=0, ln=0, ge=0)

    def wr(name, enc, h, k, n):
        tiles = h * cdiv(k, R) * cdiv(n, O)
        return dict(op=name, enc=enc, m=h, k=k, n=n, h=h, tiles=tiles, mvms=0, macs=0, conv=0,
                    cycles=min(k, R) * rounds(tiles) + 4, reads=h * k * n, writes=0,
                    cells=h * k * n * C, sm=0, ln=0, ge=0)

    # docs/controller.md, "Unit cycles" (STEPS 1): softmax m rows of
    # 3*ceil(n/lanes) + 25 + 2, LayerNorm m rows of 2*ceil(n/lanes) + 32 + 41 + 4,
    # GELU ceil(e/lanes) + 1, add ceil(e/lanes) + 2, buffer port ceil(e/lanes);
    # "Cycles of an op": + 4 per op, + 256 more for softmax and GELU (table load)
    def ew(name, enc, m, k, n, lanes, r, ctr=None):
        e = m * n
        if ctr == "sm":
            cyc = m * (3 * cdiv(n, lanes) + 25 + 2) + 256
        elif ctr == "ln":
            cyc = m * (2 * cdiv(n, lanes) + 32 + 41 + 4)
        elif ctr == "ge":
            cyc = cdiv(e, lanes) + 1 + 256
        elif r == 2:
            cyc = cdiv(e, lanes) + 2
        else:
            cyc = cdiv(e, lanes)
        cyc += 4
        o = dict(op=name, enc=enc, m=m, k=k, n=n, h=1, tiles=0, mvms=0, macs=0, conv=0,
                 cycles=cyc, reads=r * e, writes=e, cells=0, sm=0, ln=0, ge=0, lanes=lanes)
        if ctr:
            o[ctr] = e
        return o

    ops = []
    stores = {}
    last_compute = None
    src_of = {}
    for i in range(D):
        if i in reused:
            src_of[i] = last_compute
            stores[last_compute] = True
        else:
            last_compute = i
    # the model-level ops (docs/controller.md, "Operations"): before encoder 0
    # when patch_dim is not 0, after the last encoder when classes is not 0
    if P_dim:
        ops.append(mm("patch_embed", 0, 1, T - 1, P_dim, E))
        ops.append(ew("pos_embed", 0, T, E, E, chip["add_lanes"], 2))
    for i in range(D):
        L = ops.append
        L(ew("ln1", i, T, E, E, chip["ln_lanes"], 1, "ln"))
        if i not in reused:
            for p in ("q_proj", "k_proj", "v_proj"):
                L(mm(p, i, 1, T, E, E))
            L(wr("k_write", i, H, d, T))
            L(mm("qk", i, H, T, d, T))
            L(ew("softmax", i, H * T, T, T, chip["softmax_lanes"], 1, "sm"))
            L(wr("v_write", i, H, T, d))
            L(mm("sv", i, H, T, T, d))
            L(mm("out_proj", i, 1, T, E, E))
            if stores.get(i):
                L(ew("reuse_store", i, T, E, E, chip["buf_lanes"], 1))
        else:
            L(ew("reuse_load", i, T, E, E, chip["buf_lanes"], 1))
            L(ew("tb_ln", i, T, E, E, chip["ln_lanes"], 1, "ln"))
            L(mm("tb_fc1", i, 1, T, E, Th))
            L(ew("tb_gelu", i, T, Th, Th, chip["gelu_lanes"], 1, "ge"))
            L(mm("tb_fc2", i, 1, T, Th, E))
        L(ew("residual1", i, T, E, E, chip["add_lanes"], 2))
        L(ew("ln2", i, T, E, E, chip["ln_lanes"], 1, "ln"))
        L(mm("fc1", i, 1, T, E, M))
        L(ew("gelu", i, T, M, M, chip["gelu_lanes"], 1, "ge"))
        L(mm("fc2", i, 1, T, M, E))
        L(ew("residual2", i, T, E, E, chip["add_lanes"], 2))
    if K:
        ops.append(ew("final_ln", D - 1, 1, E, E, chip["ln_lanes"], 1, "ln"))
        ops.append(mm("head", D - 1, 1, 1, E, K))
    static = {"q_proj", "k_proj", "v_proj", "out_proj", "tb_fc1", "tb_fc2", "fc1", "fc2",
              "patch_embed", "head"}
    static_tiles = sum(o["tiles"] for o in ops if o["op"] in static)
    dyn = {}
    for o in ops:
        if o["op"] in ("k_write", "v_write"):
            dyn[o["enc"]] = dyn.get(o["enc"], 0) + o["tiles"]
    dynamic_tiles = max(dyn.values()) if dyn else 0
    # live reuse buffers: source s holds one from s to its last reader
    last = {}
    for i, s in src_of.items():
        last[s] = max(last.get(s, -1), i)
    live = max([sum(1 for s, l in last.items() if s <= j <= l) for j in range(D)] + [0])
    return ops, static_tiles, dynamic_tiles, live, static


# docs/controller.md, "Operations": the op chain of each phase, in table order
CHAIN = {"pre": ["patch_embed", "pos_embed"],
         "enc": ["ln1", "q_proj", "k_proj", "v_proj", "k_write", "qk", "softmax", "v_write", "sv",
                 "out_proj", "reuse_store", "reuse_load", "tb_ln", "tb_fc1", "tb_gelu", "tb_fc2",
                 "residual1", "ln2", "fc1", "gelu", "fc2", "residual2", "prune"],
         "post": ["final_ln", "head"]}


def issue(ops, chip, D):
    """docs/controller.md "Timing", docs/core.md "Cycles": the controller's
    edges before each descriptor is valid (one per chain position visited,
    divisions of 65 edges, products of 3 + the multiplier's bit length, the
    field edge) and the cycles the execution unit waits for it."""
    R, O, xb = chip["rows"], chip["outs"], chip["x_bits"]
    slices = chip["w_bits"] // chip["cell_bits"]
    P = xb * chip["cols_per_adc"] + 4
    A = xb * O * slices * chip["planes"]
    C = slices * chip["planes"]
    par = chip["par_tiles"]
    M64 = (1 << 64) - 1

    def mul(b):
        return 3 + (b & M64).bit_length()

    def tiles_part(h, k, n):
        q1, q2 = cdiv(k, R), cdiv(n, O)
        e, q3 = 2 * 65 + mul(q1) + mul(q2) + 1, 1
        if par:
            e, q3 = e + 65, cdiv(h * q1 * q2, par)
        return e, q3

    def compute(o):
        h, m, k, n = o["h"], o["m"], o["k"], o["n"]
        if o["op"] in ("k_write", "v_write"):
            e, q3 = tiles_part(h, k, n)
            return e + mul(q3) + mul(k) + mul(n) + mul(C)
        if o["tiles"]:
            e, q3 = tiles_part(h, k, n)
            e += 2 * mul(m) + mul(k) + 2 * mul(n) + mul(A) + mul(P) + mul(q3)
            if o["op"] == "head" or m == 0:
                return e
            b = h * cdiv(n, chip["add_lanes"])
            return e + 65 + mul(cdiv(n, chip["add_lanes"])) + mul(q3) + mul(max(0, b + 1 - P * q3))
        e = mul(n) + 65 + 1
        if o["ln"]:
            e += mul(2 * cdiv(n, o["lanes"]) + 77)
        elif o["sm"]:
            e += mul(3 * cdiv(n, o["lanes"]) + 27)
        return e

    walk = [("pre", 0)] + [("enc", i) for i in range(D)] + [("post", D - 1)]
    out, j, picks = [], 0, 65 + 64
    for ph, i in walk:
        for name in CHAIN[ph]:
            picks += 1
            if j < len(ops) and ops[j]["op"] == name and ops[j]["enc"] == i:
                e = picks + compute(ops[j])
                out.append(e + 1 if j == 0 else max(0, e + 1 - ops[j - 1]["cycles"]))
                picks, j = 0, j + 1
        picks += 1  # the phase's end
    assert j == len(ops)
    return out


def price(model, chip, tech, reused, dataflow):
    """docs/edap.md, "Formulas", "Dataflows", "Families"."""
    f = {k: v["value"] for k, v in tech["figures"].items()}
    T, E, H, M, D, _, _ = model
    ops, st, dt, live, static_ops = schedule(model, chip, reused)
    R, O, xb, cpa = chip["rows"], chip["outs"], chip["x_bits"], chip["cols_per_adc"]
    slices = chip["w_bits"] // chip["cell_bits"]
    PC = O * slices * chip["planes"]
    nadc = PC // cpa
    scale = R * PC / (f["ref_xbar_rows"] * f["ref_xbar_cols"])
    tr, tc = int(f["tile_xbar_rows"]), int(f["tile_xbar_cols"])
    ppt = tr * tc
    pw = xb + chip["w_bits"] + (R * tr - 1).bit_length()
    period = 1000.0 / f["clock_mhz"]
    adc_pj = f["adc_pj"] * f["adc_energy_per_bit"] ** (chip["adc_bits"] - f["adc_ref_bits"])
    a_adc = f["adc_um2"] * f["adc_area_per_bit"] ** (chip["adc_bits"] - f["adc_ref_bits"])
    a_mux = f["mux_um2"] * cpa / f["adc_ref_cols_per_adc"]
    per_tile = nadc * f["shift_add_um2"] + f["temp_buffer_um2"] + f["tile_buffer_um2"]

    def side(xbar_um2):
        return math.sqrt(ppt * (xbar_um2 * scale + nadc * (a_adc + a_mux) + f["accum_um2_per_xbar"])
                         + per_tile)

    side_s, side_d = side(f["xbar_static_um2"]), side(f["xbar_dynamic_um2"])
    stretch = max(1, math.ceil(f["sram_write_ns_per_row"] / period - 1e-9))
    fam_of = {}
    for o in ("q_proj", "k_proj", "v_proj", "out_proj", "tb_fc1", "tb_fc2", "fc1", "fc2",
              "patch_embed", "head"):
        fam_of[o] = "linear"
    fam_of.update({"k_write": "runtime_writes", "v_write": "runtime_writes",
                   "qk": "attention_products", "sv": "attention_products", "softmax": "softmax",
                   "ln1": "norms", "ln2": "norms", "tb_ln": "norms", "gelu": "activations",
                   "tb_gelu": "activations", "reuse_store": "buffers", "reuse_load": "buffers",
                   "residual1": "residual", "residual2": "residual", "pos_embed": "residual",
                   "final_ln": "norms"})
    comp = {}
    fam = {}
    fam_cyc = {}
    cyc = []
    act = 0
    macs = 0
    for o in ops:
        e = {}
        sram = o["op"] in ("qk", "sv")
        e["xbar_read_dynamic" if sram else "xbar_read_static"] = (
            o["mvms"] * xb * cpa * scale * f["xbar_read_dynamic_pj" if sram else "xbar_read_static_pj"])
        e["adc"] = o["conv"] * adc_pj
        e["mux"] = o["conv"] * f["mux_pj"]
        e["shift_add"] = o["conv"] * f["shift_add_pj"]
        e["temp_buffer"] = o["mvms"] * xb * nadc * f["temp_buffer_pj"]
        bits = 0
        if o["mvms"]:
            rb, cb = cdiv(o["k"], R), cdiv(o["n"], O)
            bits = (o["h"] * o["m"] * o["k"] * xb * cdiv(cb, tc) +
                    o["h"] * o["m"] * o["n"] * pw * cdiv(rb, tr))
            e["accumulation"] = o["h"] * o["m"] * o["n"] * (rb - 1) * f["accum_pj_per_add"]
            act = max(act, o["reads"] + o["writes"])
        elif o["cells"]:
            bits = o["cells"] * chip["cell_bits"]
        e["tile_buffer"] = bits * f["tile_buffer_pj"]
        sd = side_d if (sram or o["op"] in ("k_write", "v_write")) else side_s
        e["htree"] = bits * f["htree_pj"] * sd * 1e-3
        e["sram_write"] = o["cells"] * chip["cell_bits"] * f["sram_write_pj_per_bit"]
        e["act_buffer"] = (o["reads"] + o["writes"]) * xb * f["buffer_pj_per_bit"]
        e["softmax"] = o["sm"] * f["softmax_pj_per_elem"]
        e["layernorm"] = o["ln"] * f["layernorm_pj_per_elem"]
        e["gelu"] = o["ge"] * f["gelu_pj_per_elem"]
        if o["op"] in ("residual1", "residual2", "pos_embed"):
            e["residual_add"] = o["m"] * o["n"] * f["add_pj_per_elem"]
        c = o["cycles"] * (stretch if o["op"] in ("k_write", "v_write") else 1)
        if o["mvms"] and (f["tile_buffer_bits_per_cycle"] > 0 or f["htree_bits_per_cycle"] > 0):
            b = o["m"] * (xb * min(o["k"], R * tr) + pw * min(o["n"], O * tc))
            par = chip["par_tiles"]
            rounds = cdiv(o["tiles"], par) if par else 1
            stall = 0
            for bw in (f["tile_buffer_bits_per_cycle"], f["htree_bits_per_cycle"]):
                if bw > 0:
                    stall += math.ceil(b / bw)
            c += stall * rounds
        cyc.append(c)
        fm = fam_of[o["op"]]
        fam_cyc[fm] = fam_cyc.get(fm, 0) + c
        for k, v in e.items():
            comp[k] = comp.get(k, 0) + v
            fam[fm] = fam.get(fm, 0) + v
        macs += o["macs"]
    delay_cyc = dataflow_delay(dataflow, ops, cyc, T)
    if dataflow == "sequential":  # the RTL top's: each op waits for its descriptor
        delay_cyc += sum(issue(ops, chip, D))
    delay_ns = delay_cyc * period
    # area: tiles packed, or every op owning whole tiles (tile_per_op)
    if f["tile_per_op"]:
        def groups(o):
            rb, cb = cdiv(o["k"], R), cdiv(o["n"], O)
            return o["h"] * cdiv(rb, tr) * cdiv(cb, tc)
        gs = sum(groups(o) for o in ops if o["op"] in static_ops)
        per_enc = {}
        for o in ops:
            if o["op"] in ("k_write", "v_write"):
                per_enc[o["enc"]] = per_enc.get(o["enc"], 0) + groups(o)
        gd = max(per_enc.values()) if per_enc else 0
        xs, xd = gs * ppt, gd * ppt
    else:
        gs, gd = cdiv(st, ppt), cdiv(dt, ppt)
        xs, xd = st, dt
    a = {"xbar_static": xs * f["xbar_static_um2"] * scale,
         "xbar_dynamic": xd * f["xbar_dynamic_um2"] * scale,
         "adc": (xs + xd) * nadc * a_adc, "mux": (xs + xd) * nadc * a_mux,
         "shift_add": (gs + gd) * nadc * f["shift_add_um2"],
         "accumulation": (xs + xd) * f["accum_um2_per_xbar"],
         "temp_buffer": (gs + gd) * f["temp_buffer_um2"],
         "tile_buffer": (gs + gd) * f["tile_buffer_um2"],
         "htree": f["htree_um2"] * tr * R * (gs * side_s + gd * side_d),
         "reuse_buffer": live * T * E * xb * f["buffer_um2_per_bit"],
         "act_buffer": act * xb * f["buffer_um2_per_bit"],
         "softmax": chip["softmax_lanes"] * f["softmax_um2_per_lane"],
         "layernorm": chip["ln_lanes"] * f["layernorm_um2_per_lane"],
         "gelu": chip["gelu_lanes"] * f["gelu_um2_per_lane"],
         "residual_add": chip["add_lanes"] * f["add_um2_per_lane"], "controller": 0.0}
    a["global_bus"] = f["global_bus_um2_per_um"] * math.sqrt(sum(a.values()))
    area = sum(a.values())
    cells = R * PC
    sram_bits = xd * cells + (live * T * E + act) * xb
    leak_nw = xs * cells * f["leak_static_nw_per_cell"] + sram_bits * f["leak_sram_nw_per_bit"]
    comp["leakage"] = leak_nw * delay_ns * 1e-6
    comp["controller"] = 0.0
    fam["chip"] = comp["leakage"]
    energy = sum(comp.values())
    ops2 = 2.0 * macs
    out = {"energy_uj": energy * 1e-6, "delay_ms": delay_ns * 1e-6, "area_mm2": area * 1e-6,
           "cycles": delay_cyc, "busy_cycles": sum(cyc),
           "tops_per_w": ops2 / (energy * 1e-12) / 1e12,
           "tops_per_mm2": ops2 / (delay_ns * 1e-9) / 1e12 / (area * 1e-6),
           "static_tiles": st, "dynamic_tiles": dt, "macs": macs,
           "energy_by_component": {k: v * 1e-6 for k, v in comp.items()},
           "area_by_component": {k: v * 1e-6 for k, v in a.items()},
           "family_energy": {k: v * 1e-6 for k, v in fam.items()},
           "family_busy_ms": {k: v * period * 1e-6 for k, v in fam_cyc.items()}}
    return out


def run_cycles(cs, T):
    """docs/edap.md: a run of streamed ops over T tokens."""
    if not cs:
        return 0
    return math.ceil((sum(cs) + (T - 1) * max(cs)) / T) if T > 1 else sum(cs)


def dataflow_delay(dataflow, ops, cyc, T):
    if dataflow == "sequential":
        return sum(cyc)
    total, run = 0, []
    k = 0
    while k < len(ops):
        o = ops[k]["op"]
        if o == "q_proj":  # q, k, v as one: max
            g = max(cyc[k], cyc[k + 1], cyc[k + 2])
            k += 3
            if dataflow == "qkv":
                total += g
            else:
                run.append(g)
            continue
        if dataflow == "qkv":
            total += cyc[k]
        elif o == "k_write":
            total += run_cycles(run, T)
            run = []
            j = k + 1
            g = cyc[k]
            while j < len(ops) and ops[j]["enc"] == ops[k]["enc"]:
                if ops[j]["op"] == "v_write":
                    g = max(g, cyc[j])
                j += 1
            total += g
        elif o == "v_write":
            pass
        elif o in ("final_ln", "head"):  # blocks: the class token after the last encoder
            total += run_cycles(run, T)
            run = []
            total += cyc[k]
        else:
            run.append(cyc[k])
        k += 1
    return total + run_cycles(run, T)


def compare(name, mine, theirs):
    bad = []

    def chk(key, a, b):
        if not (abs(a - b) <= RTOL * max(abs(a), abs(b)) + 1e-12):
            bad.append(f"{name}: {key}: recomputed {a!r}, trex {b!r}")

    for k in ("energy_uj", "delay_ms", "area_mm2", "tops_per_w", "tops_per_mm2", "cycles",
              "busy_cycles", "static_tiles", "dynamic_tiles", "macs"):
        chk(k, mine[k], theirs[k])
    for k, v in theirs["energy_by_component"].items():
        chk("energy_by_component." + k, mine["energy_by_component"].get(k, 0.0), v)
    for k, v in theirs["area_by_component"].items():
        chk("area_by_component." + k, mine["area_by_component"].get(k, 0.0), v)
    for k, v in theirs["by_family"].items():
        chk("by_family." + k + ".energy_uj", mine["family_energy"].get(k, 0.0), v["energy_uj"])
        if k != "chip":
            chk("by_family." + k + ".delay_ms", mine["family_busy_ms"].get(k, 0.0), v["delay_ms"])
    return bad


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    trex = argv[1]
    cases = [("tech/default.json", None, m, r, df)
             for m, r in (("deit-s", ""), ("deit-s", "2,4,6,8,10"), ("lvvit-s", "1,2,3"),
                          ("bert-base", "5,6"))
             for df in ("sequential", "qkv", "pipelined")]
    # the default chip before issue 12 (6-bit ADC), which make paper prices beside it
    cases += [("tech/default.json", "tests/edap/chip-adc6.json", "deit-s", r, "sequential")
              for r in ("", "1,2,3,4,5,6,7,8,9,10,11")]
    cases += [("tech/neurosim-22nm.json", "tech/neurosim-chip.json", "deit-s", r, df)
              for r in ("", "3,4,9") for df in ("sequential", "pipelined")]
    fails = 0
    for tech_path, chip_path, mname, reuse, df in cases:
        tech = json.load(open(tech_path))
        chip = load_chip(chip_path)
        reused = set(int(x) for x in reuse.split(",") if x)
        mine = price(MODELS[mname], chip, tech, reused, df)
        cmd = [trex, "edap", "--model", mname, "--tech", tech_path, "--dataflow", df, "--json"]
        if chip_path:
            cmd += ["--chip", chip_path]
        if reuse:
            cmd += ["--reuse", reuse]
        try:
            res = subprocess.run(cmd, capture_output=True, text=True)
        except OSError as e:
            print(f"recompute: cannot run {trex}: {e.strerror}")
            return 1
        if res.returncode:
            print(f"recompute: {' '.join(cmd)} failed: {res.stderr.strip()}")
            return 1
        theirs = json.loads(res.stdout)
        name = f"{mname} [{reuse or 'baseline'}] {df} {tech_path}"
        bad = compare(name, mine, theirs)
        for b in bad:
            print("FAIL " + b)
        fails += bool(bad)
        if not bad:
            print(f"ok   {name}: {mine['energy_uj']:.6g} uJ, {mine['delay_ms']:.6g} ms, "
                  f"{mine['area_mm2']:.6g} mm^2")
    print(f"recompute: {len(cases) - fails} of {len(cases)} cases agree with trex edap --json")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
