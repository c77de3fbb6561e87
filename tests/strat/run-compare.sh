#!/usr/bin/env bash
# trex compare-strategies on the committed models, quick plan (30 images, two
# device seeds), rechecked from the outside: every entry's EDAP reduction and
# TOPS/mm^2 gain against `trex edap --json` of its model keys and reuse list,
# every ideal count against `trex accuracy`, the paired differences against
# the counts, and the outputs present. Then bad plans (docs/bad-inputs.md G15..).
#   run-compare.sh [TREX]
set -uo pipefail
. tests/lib.sh
tl_start build/test/strat-compare "${1:-}"
O=$T
fail=0
for m in models/vit-digits-prune-1 models/vit-digits-share-4 models/vit-digits-r4-5; do
  [[ -f $m/model.json ]] || { echo "test-strat: $m missing (the comparison's committed models)"; exit 1; }
done
if ! "$TREX" compare-strategies --plan tests/strat/plan-quick.json --out "$O/out" --quiet > "$O/stdout"; then
  echo "FAIL compare-strategies on tests/strat/plan-quick.json"; exit 1
fi
for f in summary.json compare.csv compare.md compare.png; do
  [[ -s $O/out/$f ]] || { echo "FAIL compare-strategies wrote no $f"; fail=1; }
done
"$PY" - "$TREX" "$O" <<'P' || fail=1
import json, subprocess, sys
trex, O = sys.argv[1], sys.argv[2]
s = json.load(open(O + "/out/summary.json"))
n = s["images"]
ents = s["entries"]
def run(*a):
    return subprocess.run([trex] + list(a), capture_output=True, text=True, check=True).stdout
base = None
bad = 0
for e in ents:
    m = json.load(open(e["model"] + "/model.json"))["model"]
    keys = {k: m[k] for k in ("tokens", "embedding", "heads", "mlp", "depth", "tb_hidden", "tb_layers",
                              "patch_dim", "classes",
                              "encoder_tokens", "share_attention", "share_mlp") if k in m}
    keys["name"] = "x"
    json.dump(keys, open(O + "/m.json", "w"))
    d = json.loads(run("edap", "--model", O + "/m.json", "--chip", s["chip"], "--tech", s["tech"],
                       "--reuse", e["reuse"] or "none", "--json"))
    if base is None:
        base = d
    red, gain = base["edap"] / d["edap"], d["tops_per_mm2"] / base["tops_per_mm2"]
    if abs(red / e["edap_reduction"] - 1) > 1e-9 or abs(gain / e["tops_per_mm2_gain"] - 1) > 1e-9:
        print("FAIL %s: EDAP reduction %.6f / gain %.6f, trex edap gives %.6f / %.6f" % (
            e["name"], e["edap_reduction"], e["tops_per_mm2_gain"], red, gain)); bad += 1
    a = json.loads(run("accuracy", "--model", e["model"], "--data", s["data"], "--chip", s["chip"],
                       "--reuse", e["reuse"] or "none", "--limit", str(n), "--json"))
    if a["runs"][0]["correct"] != e["correct"]:
        print("FAIL %s: %d correct, trex accuracy %d" % (e["name"], e["correct"], a["runs"][0]["correct"])); bad += 1
    if abs(e["top1"]["est"] - 100.0 * e["correct"] / n) > 1e-9:
        print("FAIL %s: top1" % e["name"]); bad += 1
by = {x["name"]: x for x in ents}
for e in ents:
    if "reference" in e:
        r = by[e["reference"]]
        want = 100.0 * (e["correct"] - r["correct"]) / n
        if abs(e["vs_reuse"]["est"] - want) > 1e-9 or not e["vs_reuse"]["lo"] <= want <= e["vs_reuse"]["hi"]:
            print("FAIL %s: vs_reuse %s, counts give %.4f" % (e["name"], e["vs_reuse"], want)); bad += 1
        ni = sum(a - b for a, b in zip(e["nonideal_correct"], r["nonideal_correct"])) * 100.0 / n / len(e["nonideal_correct"])
        if abs(e["nonideal_vs_reuse"]["est"] - ni) > 1e-9:
            print("FAIL %s: nonideal_vs_reuse" % e["name"]); bad += 1
print("test-strat: compare-strategies quick: %d entries rechecked (EDAP, TOPS/mm^2, counts, paired differences), %d failures" % (len(ents), bad))
sys.exit(1 if bad else 0)
P
# bad plans: one line, non-zero exit, no output directory
bad() { # id want plan-text
  local id=$1 want=$2
  printf '%s' "$3" > "$O/$id.json"
  local out rc err
  out=$("$TREX" compare-strategies --plan "$O/$id.json" --out "$O/$id-out" 2>"$O/err"); rc=$?
  err=$(cat "$O/err")
  if ((rc != 0)) && [[ -z $out ]] && (($(grep -c '' <<<"$err") == 1)) && [[ $err == *"$want"* ]] && [[ ! -e $O/$id-out ]]; then :; else
    echo "FAIL $id: rc=$rc stderr=$err (wanted '$want')"; fail=1
  fi
  grep -q "| $id |" docs/bad-inputs.md || { echo "FAIL docs/bad-inputs.md does not list $id"; fail=1; }
}
H='"format": "trex-strat-plan", "version": 1, "data": "models/vit-digits/data", "chip": "tests/accuracy/chip-lossless.json", "nonideal": "g_sigma=0.1"'
B='{"kind": "base", "model": "models/vit-digits"}'
R='{"kind": "reuse", "model": "models/vit-digits-r4-5", "reuse": "4,5", "match": "4,5"}'
bad G15 "key 'format': 'x' is not 'trex-strat-plan'" '{"format": "x", "version": 1}'
bad G16 "unknown key 'seed'" "{$H, \"seed\": 3, \"entries\": [$B, $R]}"
bad G17 "the first entry, and only it, is the baseline ('base')" "{$H, \"entries\": [$R, $B]}"
bad G18 "key 'match': no reuse entry with reuse '3,4,5'" "{$H, \"entries\": [$B, $R, {\"kind\": \"prune\", \"model\": \"models/vit-digits-prune-1\", \"match\": \"3,4,5\"}]}"
bad G19 "key 'kind': 'pruned' is not base, reuse, prune or share" "{$H, \"entries\": [$B, {\"kind\": \"pruned\", \"model\": \"models/vit-digits-prune-1\"}]}"
bad G20 "model.json: cannot read" "{$H, \"entries\": [$B, {\"kind\": \"reuse\", \"model\": \"$O/none\", \"match\": \"\"}]}"
echo "test-strat: compare-strategies bad plans G15-G20 checked"
exit $fail
