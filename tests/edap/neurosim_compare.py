#!/usr/bin/python3
"""Side by side: trex edap with tech/neurosim-22nm.json against the NeuroSim
V1.4 runs recorded in tech/neurosim-runs.json (docs/neurosim.md).

For every recorded run that is a transformer encoder's linear layers (q, k,
v, output projections, fc1, fc2 of one encoder), prices the same encoder
(depth 1) on the NeuroSim chip (tech/neurosim-chip.json with the run's
subarray size or ADC precision) and compares the linear layers: energy (the
"linear" family plus the chip-wide leakage), area (the "linear" family plus
the activation buffer and the chip-level bus), latency (the linear ops one
after another, against NeuroSim's layer-by-layer sum; and the slowest linear
op against NeuroSim's pipelined period).

Usage: neurosim_compare.py TREX RUNS.json TECH CHIP [--markdown | --check-goal]
  --markdown    the tables of docs/results.md (side by side, held-out errors)
  --check-goal  exit 1 unless DeiT-S energy, area and latency are within 1.5x
"""
import json
import os
import subprocess
import sys
import tempfile

LIN = ("q_proj", "k_proj", "v_proj", "out_proj", "fc1", "fc2")


def ours(trex, tech, chip_base, run, tmp):
    m = dict(run["model"])
    m.update(name=run["id"], depth=1)
    mp = os.path.join(tmp, run["id"] + "-model.json")
    json.dump(m, open(mp, "w"))
    chip = json.load(open(chip_base))
    chip["tile"].update(run.get("chip", {}))
    cp = os.path.join(tmp, run["id"] + "-chip.json")
    json.dump(chip, open(cp, "w"))
    cmd = [trex, "edap", "--model", mp, "--tech", tech, "--chip", cp, "--json"]
    try:
        res = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as e:
        sys.exit(f"neurosim_compare: cannot run {trex}: {e.strerror}")
    if res.returncode:
        sys.exit(f"neurosim_compare: {' '.join(cmd)} failed: {res.stderr.strip()}")
    d = json.loads(res.stdout)
    lin = d["by_family"]["linear"]
    ec, ac = lin["energy_by_component"], lin["area_by_component"]
    chipf = d["by_family"]["chip"]
    r = {"energy_uj": lin["energy_uj"] + chipf["energy_uj"],
         "area_mm2": lin["area_mm2"] + d["area_by_component"]["act_buffer"] + chipf["area_mm2"],
         "latency_us": lin["delay_ms"] * 1e3,
         "pipeline_us": max(d["busy_ms_by_op"][o] for o in LIN) * 1e3,
         "macs": sum(2 * l["m"] * l["k"] * l["n"] for l in run["layers"]) / 2}
    g = lambda dct, *ks: sum(dct.get(k, 0.0) for k in ks)
    r["e"] = {"array": g(ec, "xbar_read_static"), "ADC": g(ec, "adc"),
              "accumulation": g(ec, "shift_add", "accumulation"),
              "buffer": g(ec, "tile_buffer", "temp_buffer", "act_buffer"),
              "interconnect": g(ec, "htree"), "other periphery": g(ec, "mux"),
              "leakage": chipf["energy_uj"]}
    r["a"] = {"array": g(ac, "xbar_static") * 1e6, "ADC": g(ac, "adc") * 1e6,
              "accumulation": g(ac, "shift_add", "accumulation") * 1e6,
              "buffer": (g(ac, "tile_buffer", "temp_buffer") + d["area_by_component"]["act_buffer"]) * 1e6,
              "interconnect": (g(ac, "htree") + chipf["area_mm2"]) * 1e6,
              "other periphery": g(ac, "mux") * 1e6}
    r["tops_per_w"] = 2 * r["macs"] / (r["energy_uj"] * 1e-6) / 1e12
    r["clock_mhz"] = d["clock_mhz"]
    return r


def theirs(run):
    x = run["result"]
    L = x["layers"]
    adc = sum(l["adc_energy_pj"] for l in L)
    s = x["array_share_of_adc_energy"]
    buf = sum(l["buffer_energy_pj"] for l in L)
    ic = sum(l["ic_energy_pj"] for l in L)
    oth = sum(l["other_energy_pj"] for l in L) - buf - ic
    r = {"energy_uj": (x["energy_pj"] + x["leakage_pj"]) * 1e-6, "area_mm2": x["area_um2"] * 1e-6,
         "latency_us": x["layer_by_layer_latency_ns"] * 1e-3,
         "pipeline_us": x["pipeline_latency_ns"] * 1e-3, "tops_per_w": x["tops_per_w"],
         "clock_mhz": 1e3 / x["clock_ns"]}
    r["e"] = {"array": s * adc * 1e-6, "ADC": (1 - s) * adc * 1e-6,
              "accumulation": sum(l["accum_energy_pj"] for l in L) * 1e-6,
              "buffer": buf * 1e-6, "interconnect": ic * 1e-6, "other periphery": oth * 1e-6,
              "leakage": x["leakage_pj"] * 1e-6}
    ba = x.get("buffer_area_um2")
    r["a"] = {"array": x["area_array_um2"], "ADC": x["area_adc_um2"],
              "accumulation": x["area_accum_um2"], "buffer": ba,
              "interconnect": x["area_ic_um2"],
              "other periphery": x["area_other_um2"] - ba if ba is not None else None}
    return r


def fmt(v, nd=4):
    return "-" if v is None else f"{v:.{nd}g}"


def ratio(a, b):
    return "-" if a is None or b in (None, 0) else f"{a / b:.2f}x"


def main(argv):
    if len(argv) < 5:
        print(__doc__)
        return 2
    trex, runs_p, tech, chip = argv[1:5]
    mode = argv[5] if len(argv) > 5 else "--markdown"
    runs = json.load(open(runs_p))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in runs["runs"]:
            if not run.get("model"):
                continue
            rows.append((run, ours(trex, tech, chip, run, tmp), theirs(run)))
    if mode == "--check-goal":
        (run, o, t) = next(r for r in rows if r[0]["id"] == "deit-s")
        bad = [k for k in ("energy_uj", "area_mm2", "latency_us")
               if not (1 / 1.5 <= o[k] / t[k] <= 1.5)]
        for k in ("energy_uj", "area_mm2", "latency_us"):
            print(f"deit-s {k}: trex {o[k]:.5g}, NeuroSim {t[k]:.5g}, ratio {o[k] / t[k]:.3f}")
        print("neurosim goal: " + ("met (within 1.5x)" if not bad else "NOT met: " + ", ".join(bad)))
        return 1 if bad else 0
    ns = runs["neurosim"]
    print(f"NeuroSim V1.4, {ns['repository']} commit {ns['commit'][:12]} ({ns['commit_date']}); "
          f"configuration in docs/neurosim.md.\n")
    (run, o, t) = next(r for r in rows if r[0]["id"] == "deit-s")
    print("**DeiT-S, the linear layers of one encoder (q, k, v, out, fc1, fc2; 197 tokens), "
          "NeuroSim's default configuration** (this table: `tech/neurosim-22nm.json` on "
          "`tech/neurosim-chip.json`, sequential dataflow):\n")
    print("| figure | NeuroSim V1.4 | trex edap | trex / NeuroSim |")
    print("|---|---|---|---|")
    for k, name in (("energy_uj", "energy (uJ, dynamic + leakage)"), ("area_mm2", "area (mm^2)"),
                    ("latency_us", "latency, layer by layer (us)"),
                    ("pipeline_us", "pipelined period: slowest layer (us)"),
                    ("tops_per_w", "TOPS/W (NeuroSim's divides by its post-layout factor 1.22)"),
                    ("clock_mhz", "clock (MHz)")):
        print(f"| {name} | {fmt(t[k])} | {fmt(o[k])} | {ratio(o[k], t[k])} |")
    print("\nEnergy by component (uJ) and area by component (um^2):\n")
    print("| component | NeuroSim energy | trex energy | ratio | NeuroSim area | trex area | ratio |")
    print("|---|---|---|---|---|---|---|")
    for c in ("array", "ADC", "accumulation", "buffer", "interconnect", "other periphery", "leakage"):
        ta, oa = t["a"].get(c), o["a"].get(c)
        print(f"| {c} | {fmt(t['e'][c])} | {fmt(o['e'][c])} | {ratio(o['e'][c], t['e'][c])} | "
              f"{fmt(ta, 6)} | {fmt(oa, 6)} | {ratio(oa, ta)} |")
    print("\n**Held-out error** (runs the table was not derived from; ratio trex / NeuroSim; "
          "the derivation runs are two single layers, trainC and trainD):\n")
    print("| run | what differs | energy | area | latency (layer by layer) | pipelined period | NeuroSim clock (MHz) |")
    print("|---|---|---|---|---|---|---|")
    for run, o, t in rows:
        print(f"| {run['id']} | {run['role'].replace('held-out: ', '')} | {ratio(o['energy_uj'], t['energy_uj'])} | "
              f"{ratio(o['area_mm2'], t['area_mm2'])} | {ratio(o['latency_us'], t['latency_us'])} | "
              f"{ratio(o['pipeline_us'], t['pipeline_us'])} | {t['clock_mhz']:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
