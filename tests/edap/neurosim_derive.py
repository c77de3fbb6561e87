#!/usr/bin/python3
"""Derives tech/neurosim-22nm.json's figures from NeuroSim V1.4 runs recorded
in tech/neurosim-runs.json (docs/neurosim.md, "Derivation").

Only the runs whose "role" is "derivation" are used (two single linear layers
at NeuroSim's default configuration); every other run is held out and only
compared (tests/edap/neurosim_compare.py). The event counts are docs/edap.md's
formulas for the NeuroSim chip (tech/neurosim-chip.json) and the table's tile
shape (4 x 4 crossbars, NeuroSim's 512 x 512 tile of 128 x 128 subarrays).

Usage: neurosim_derive.py RUNS.json            print the derived figures (JSON)
       neurosim_derive.py RUNS.json --check TABLE.json
                                               exit 1 unless every derived
                                               figure is the table's (rel 1e-3)
"""
import json
import math
import sys

R, O, PC, NADC, CPA, XB, WB = 128, 16, 128, 16, 8, 8, 8
TR = TC = 4
PW = XB + WB + (R * TR - 1).bit_length()


def cdiv(a, b):
    return -(-a // b)


def events(m, k, n):
    rb, cb = cdiv(k, R), cdiv(n, O)
    xbars = rb * cb
    mvms = m * xbars
    return {
        "xbars": xbars,
        "mux_steps": mvms * XB * CPA,            # array reads of a 128x128 reference array
        "conv": mvms * XB * PC,
        "adds": m * n * (rb - 1),
        "tile_bits": m * k * XB * cdiv(cb, TC) + m * n * PW * cdiv(rb, TR),
        "glob_bits": (m * k + m * n) * XB,
        "tile_group_bits": m * (XB * min(k, R * TR) + PW * min(n, O * TC)),
        "act_bits": (m * k + m * n) * XB,
    }


def solve2(a, b, c, d, e, f):
    """a x + b y = c; d x + e y = f."""
    det = a * e - b * d
    return (c * e - b * f) / det, (a * f - c * d) / det


def derive(runs):
    der = [r for r in runs["runs"] if r["role"] == "derivation"]
    assert len(der) == 2, "two derivation runs expected"
    ev, res = [], []
    for r in der:
        (L,) = r["layers"]
        ev.append(events(L["m"], L["k"], L["n"]))
        res.append(r["result"])
    out = {}
    # energy per event, averaged over the two layers where one event explains it
    share = [x["array_share_of_adc_energy"] for x in res]
    lay = [x["layers"][0] for x in res]
    out["xbar_read_pj"] = sum(s * l["adc_energy_pj"] / e["mux_steps"] for s, l, e in zip(share, lay, ev)) / 2
    out["adc_pj"] = sum((1 - s) * l["adc_energy_pj"] / e["conv"] for s, l, e in zip(share, lay, ev)) / 2
    out["mux_pj"] = sum((l["other_energy_pj"] - l["buffer_energy_pj"] - l["ic_energy_pj"]) / e["conv"]
                        for l, e in zip(lay, ev)) / 2
    # accumulation = conversions x shift-add + partial-sum adds x add (two layers, two unknowns)
    out["shift_add_pj"], out["accum_pj_per_add"] = solve2(
        ev[0]["conv"], ev[0]["adds"], lay[0]["accum_energy_pj"],
        ev[1]["conv"], ev[1]["adds"], lay[1]["accum_energy_pj"])
    # buffers = tile bits x tile buffer + global bits x global buffer
    out["tile_buffer_pj"], out["buffer_pj_per_bit"] = solve2(
        ev[0]["tile_bits"], ev[0]["glob_bits"], lay[0]["buffer_energy_pj"],
        ev[1]["tile_bits"], ev[1]["glob_bits"], lay[1]["buffer_energy_pj"])
    # areas: per subarray slot (NeuroSim's array area / the 128x128 subarray's)
    a_sub = res[0]["area_array_um2"] / (res[0]["tiles"] * 16)
    out["xbar_um2"] = a_sub
    slots = [x["area_array_um2"] / a_sub for x in res]
    out["adc_um2"] = sum(x["area_adc_um2"] / s / NADC for x, s in zip(res, slots)) / 2
    out["accum_um2_per_xbar"] = sum(x["area_accum_um2"] / s for x, s in zip(res, slots)) / 2
    tile_buf = [x["tile_buffer_um2"] for x in res]
    out["tile_buffer_um2"] = sum(tile_buf) / 2
    out["buffer_um2_per_bit"] = sum(x["global_buffer_um2"] / e["act_bits"] for x, e in zip(res, ev)) / 2
    other = [x["area_other_um2"] - x["tiles"] * x["tile_buffer_um2"] - x["global_buffer_um2"] for x in res]
    out["mux_um2"] = sum(o / s / NADC for o, s in zip(other, slots)) / 2
    # H-tree: NeuroSim's tile H-tree per bus bit (the tile's 512 input rows) per um of its side
    out["htree_um2"] = sum(x["tile_htree_um2"] / (R * TR * x["tile_side_um"]) for x in res) / 2
    # the chip-level X-Y bus: NeuroSim's interconnect area minus its tile H-trees, per um of
    # chip side (the square root of the rest of the chip)
    gb = [x["area_ic_um2"] - x["tiles"] * x["tile_htree_um2"] for x in res]
    out["global_bus_um2_per_um"] = sum(b / math.sqrt(x["area_um2"] - b) for b, x in zip(gb, res)) / 2
    # our tile side with these areas (docs/edap.md): the H-tree energy is per bit per mm of it
    per_xbar = out["xbar_um2"] + NADC * (out["adc_um2"] + out["mux_um2"]) + out["accum_um2_per_xbar"]
    side_mm = math.sqrt(TR * TC * per_xbar + out["tile_buffer_um2"]) * 1e-3
    out["htree_pj"] = (sum(l["ic_energy_pj"] for l in lay) /
                       sum(e["tile_bits"] for e in ev) / side_mm)
    # clock, data-movement bandwidths (bits one tile moves per cycle of its layer's latency)
    clk = res[0]["clock_ns"]
    out["clock_mhz"] = 1000.0 / clk
    out["tile_buffer_bits_per_cycle"] = (sum(e["tile_group_bits"] for e in ev) /
                                         sum(l["buffer_latency_ns"] / clk for l in lay))
    out["htree_bits_per_cycle"] = (sum(e["tile_group_bits"] for e in ev) /
                                   sum(l["ic_latency_ns"] / clk for l in lay))
    # leakage per SRAM bit of the allocated subarrays (NeuroSim's leakage power)
    out["leak_nw_per_bit"] = sum(x["leakage_uw"] * 1e3 / (s * R * PC) for x, s in zip(res, slots)) / 2
    return out


# table key for each derived figure (some feed two keys)
KEYS = {"xbar_read_pj": ["xbar_read_static_pj", "xbar_read_dynamic_pj"], "adc_pj": ["adc_pj"],
        "mux_pj": ["mux_pj"], "shift_add_pj": ["shift_add_pj"],
        "accum_pj_per_add": ["accum_pj_per_add"], "tile_buffer_pj": ["tile_buffer_pj"],
        "buffer_pj_per_bit": ["buffer_pj_per_bit"], "xbar_um2": ["xbar_static_um2", "xbar_dynamic_um2"],
        "adc_um2": ["adc_um2"], "accum_um2_per_xbar": ["accum_um2_per_xbar"],
        "tile_buffer_um2": ["tile_buffer_um2"], "buffer_um2_per_bit": ["buffer_um2_per_bit"],
        "mux_um2": ["mux_um2"], "htree_um2": ["htree_um2"], "htree_pj": ["htree_pj"],
        "clock_mhz": ["clock_mhz"], "tile_buffer_bits_per_cycle": ["tile_buffer_bits_per_cycle"],
        "htree_bits_per_cycle": ["htree_bits_per_cycle"],
        "leak_nw_per_bit": ["leak_static_nw_per_cell", "leak_sram_nw_per_bit"],
        "global_bus_um2_per_um": ["global_bus_um2_per_um"]}


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    d = derive(json.load(open(argv[1])))
    if len(argv) == 4 and argv[2] == "--check":
        fig = json.load(open(argv[3]))["figures"]
        bad = 0
        for k, keys in KEYS.items():
            for t in keys:
                v = fig[t]["value"]
                if abs(v - d[k]) > 1e-3 * max(abs(v), abs(d[k])):
                    print(f"FAIL {t}: table {v}, derived {d[k]:.6g}")
                    bad += 1
        print(f"neurosim-derive: {len(KEYS) - bad if not bad else 'not all'} figures reproduced"
              if not bad else f"neurosim-derive: {bad} figure(s) differ")
        return 1 if bad else 0
    print(json.dumps({k: float(f"{v:.6g}") for k, v in d.items()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
