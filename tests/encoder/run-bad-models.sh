#!/usr/bin/env bash
# Bad model directories, inputs, chips and options of `trex infer` and
# `trex modelgen` (docs/bad-inputs.md, rows I..): each case must exit non-zero
# (1, or 2 for usage), print exactly one line on stderr holding the expected
# words (the file and the key, or the tensor file), nothing on stdout, and
# leave no output behind (no --dump directory, no temporary directory).
#   run-bad-models.sh TREX
set -uo pipefail
. tests/lib.sh
tl_start build/test/encoder/bad "${1:-}"
log=$T/cases.tsv
: > "$log"

bad() { # id description expected-substring command...: tl_bad, and no --dump left
  tl_bad "$@"
  local id=$1
  if [[ -e $T/out ]] || compgen -G "$T/out.tmp.*" > /dev/null; then
    fail=$((fail + 1)); echo "FAIL $id: left $T/out behind"; rm -rf "$T"/out "$T"/out.tmp.*
  fi
}

G=$T/good
"$TREX" modelgen --shape tiny --seed 1 --out "$G" --stats 0 > /dev/null || { echo "FAIL: modelgen"; exit 1; }
"$PY" - "$T" <<'P'
import sys
import numpy as np
t = sys.argv[1]
r = np.random.default_rng(1)
np.save(t + "/in.npy", r.integers(-64, 64, size=(2, 1, 4, 4)).astype(np.int8))
np.save(t + "/in-shape.npy", np.zeros((2, 1, 4, 5), np.int8))
np.save(t + "/in-float.npy", np.zeros((2, 1, 4, 4)))
a = np.zeros((2, 1, 4, 4), np.int8); a[1, 0, 2, 3] = 100
np.save(t + "/in-range.npy", a)
np.save(t + "/in-empty.npy", np.zeros((0, 1, 4, 4), np.int8))
P
IN=$T/in.npy
# a variant of the good model: copy, then a Python edit of model.json (d) or
# of the directory (path p)
variant() { # name python-code
  rm -rf "$T/$1"; cp -r "$G" "$T/$1"
  "$PY" - "$T/$1" "$2" <<'P'
import json, sys
import numpy as np
p, code = sys.argv[1], sys.argv[2]
d = json.load(open(p + "/model.json"))
exec(code)
if d is not None:
    json.dump(d, open(p + "/model.json", "w"), indent=1)
P
}
I() { bad "$@" ; }
INF=("$TREX" infer --input "$IN" --dump "$T/out" --model)

variant nojson 'import os; os.remove(p + "/model.json"); d = None'
I I01 "model.json missing"            "nojson/model.json: cannot read" "${INF[@]}" "$T/nojson"
variant trunc 'open(p + "/model.json", "w").write("{\n \"format\": \"trex-int-vit\",\n \"version\"\n"); d = None'
I I02 "model.json truncated"          "trunc/model.json:4:1: malformed JSON" "${INF[@]}" "$T/trunc"
variant fmt 'd["format"] = "other"'
I I03 "wrong format name"             "fmt/model.json: key 'format': 'other' is not 'trex-int-vit'" "${INF[@]}" "$T/fmt"
variant ver 'd["version"] = 2'
I I04 "wrong version"                 "ver/model.json: key 'version': 2 is outside 1..1" "${INF[@]}" "$T/ver"
variant nolayers 'del d["layers"]'
I I05 "missing key layers"            "nolayers/model.json: missing key 'layers'" "${INF[@]}" "$T/nolayers"
variant unk 'd["foo"] = 1'
I I06 "unknown top-level key"         "unk/model.json: unknown key 'foo'" "${INF[@]}" "$T/unk"
variant depth 'd["model"]["depth"] = 65'
I I07 "depth out of range"            "depth/model.json: key 'model': key 'depth': 65 is outside 1..64" "${INF[@]}" "$T/depth"
variant heads 'd["model"]["heads"] = 3'
I I08 "embedding not a multiple of heads" "heads/model.json: key 'model': key 'heads': embedding 16 is not a multiple of heads 3" "${INF[@]}" "$T/heads"
variant tokens 'd["image"]["height"] = 6'
I I09 "tokens do not fit the image"   "tokens/model.json: key 'model': key 'tokens': 5, but the image has 1 + 6 patches" "${INF[@]}" "$T/tokens"
variant pdim 'd["model"]["patch_dim"] = 5'
I I10 "patch_dim does not fit"        "pdim/model.json: key 'model': key 'patch_dim': 5, but channels*patch*patch is 4" "${INF[@]}" "$T/pdim"
variant patch 'd["image"]["patch"] = 3'
I I11 "patch does not divide"         "patch/model.json: key 'image': key 'patch': 3 does not divide height 4 and width 4" "${INF[@]}" "$T/patch"
variant range 'd["image"]["input_min"] = 10; d["image"]["input_max"] = 5'
I I12 "input_min above input_max"     "range/model.json: key 'image': key 'input_max': 5 is below input_min 10" "${INF[@]}" "$T/range"
variant pair0 'd["reuse_pairs"][0] = [0, 0]'
I I13 "reuse pair of encoder 0"       "pair0/model.json: key 'reuse_pairs': entry 0 [0, 0] needs 1 <= encoder < depth 3" "${INF[@]}" "$T/pair0"
variant pair2 'd["reuse_pairs"].append([1, 0])'
I I14 "reuse pair twice"              "pair2/model.json: key 'reuse_pairs': [1, 0] appears twice" "${INF[@]}" "$T/pair2"
variant bigM 'd["layers"]["enc00.q_proj"]["M"] = 2**31'
I I15 "multiplier out of range"       "bigM/model.json: key 'layers': key 'enc00.q_proj': key 'M': 2147483648 is outside 0..2147483647" "${INF[@]}" "$T/bigM"
variant bigs 'd["layers"]["enc02.residual2"]["s"] = 63'
I I16 "shift out of range"            "bigs/model.json: key 'layers': key 'enc02.residual2': key 's': 63 is outside 0..62" "${INF[@]}" "$T/bigs"
variant eps 'd["layers"]["enc01.ln2"]["eps_q"] = 0'
I I17 "eps_q out of range"            "eps/model.json: key 'layers': key 'enc01.ln2': key 'eps_q': 0 is outside 1..1099511627776" "${INF[@]}" "$T/eps"
variant nolayer 'del d["layers"]["enc01.fc2"]'
I I18 "missing layer"                 "nolayer/model.json: key 'layers': missing key 'enc01.fc2'" "${INF[@]}" "$T/nolayer"
variant extra 'd["layers"]["enc07.fc1"] = {"M": 1, "s": 1}'
I I19 "layer of another model"        "extra/model.json: key 'layers': key 'enc07.fc1' is not a layer of this model" "${INF[@]}" "$T/extra"
variant lkey 'd["layers"]["enc00.fc1"]["X"] = 1'
I I20 "unknown key in a layer"        "lkey/model.json: key 'layers': key 'enc00.fc1': unknown key 'X'" "${INF[@]}" "$T/lkey"
variant frac 'd["layers"]["model.patch_embed"]["M"] = 1.5'
I I21 "fractional multiplier"         "frac/model.json: key 'layers': key 'model.patch_embed': key 'M': expected an integer, got 1.5" "${INF[@]}" "$T/frac"
variant notensor 'import os; os.remove(p + "/enc00.fc1.w.npy")'
I I22 "tensor file missing"           "notensor/enc00.fc1.w.npy: cannot read" "${INF[@]}" "$T/notensor"
variant i16 'np.save(p + "/enc01.q_proj.w.npy", np.zeros((16, 16), np.int16))'
I I23 "tensor of an unsupported dtype" "i16/enc01.q_proj.w.npy: dtype '<i2' is not supported" "${INF[@]}" "$T/i16"
variant i32w 'np.save(p + "/enc01.q_proj.w.npy", np.zeros((16, 16), np.int32))'
I I24 "weights stored as int32"       "i32w/enc01.q_proj.w.npy: dtype int32, expected int8" "${INF[@]}" "$T/i32w"
variant shape 'np.save(p + "/enc00.fc1.w.npy", np.zeros((16, 31), np.int8))'
I I25 "tensor of the wrong shape"     "shape/enc00.fc1.w.npy: shape (16, 31), expected (16, 32)" "${INF[@]}" "$T/shape"
variant fort 'np.save(p + "/enc00.fc1.w.npy", np.asfortranarray(np.zeros((16, 32), np.int8)))'
I I26 "tensor in Fortran order"       "fort/enc00.fc1.w.npy: fortran_order True is not supported" "${INF[@]}" "$T/fort"
variant cut 'b = open(p + "/model.head.b.npy", "rb").read(); open(p + "/model.head.b.npy", "wb").write(b[:-3])'
I I27 "truncated tensor"              "cut/model.head.b.npy: 13 data bytes, but shape (4,) of int32 needs more" "${INF[@]}" "$T/cut"
variant lut0 'a = np.load(p + "/enc02.softmax.lut.npy"); a[0] = 65535; np.save(p + "/enc02.softmax.lut.npy", a)'
I I28 "softmax table entry 0"         "lut0/enc02.softmax.lut.npy: entry 0 is 65535, must be 65536" "${INF[@]}" "$T/lut0"
variant lutup 'a = np.load(p + "/enc02.softmax.lut.npy"); a[9] = a[8] + 1; np.save(p + "/enc02.softmax.lut.npy", a)'
I I29 "softmax table increases"       "lutup/enc02.softmax.lut.npy: entry 9" "${INF[@]}" "$T/lutup"
variant lutneg 'a = np.load(p + "/enc00.softmax.lut.npy"); a[200:] = -1; np.save(p + "/enc00.softmax.lut.npy", a)'
I I30 "softmax table negative"        "lutneg/enc00.softmax.lut.npy: entry 200 is -1, must be >= 0" "${INF[@]}" "$T/lutneg"
variant pairs1 'd["reuse_pairs"] = [[1, 0]]; [d["layers"].pop(k) for k in list(d["layers"]) if ".tb" in k and not k.startswith("enc01.tb00")]'
I I31 "reuse list not allowed by the model" "pairs1/model.json: key 'reuse_pairs': encoder 2 reusing encoder 1 is not allowed by this model (allowed: 1:0)" "${INF[@]}" "$T/pairs1" --reuse 2:1
I I32 "encoder 0 reused"              "reuse: encoder 0 cannot reuse attention" "${INF[@]}" "$G" --reuse 0
I I33 "reuse index beyond depth"      "reuse: encoder index 5 is out of range 0..2 (depth 3)" "${INF[@]}" "$G" --reuse 5
bad I34 "input of the wrong shape"    "in-shape.npy: shape (2, 1, 4, 5), expected (*, 1, 4, 4)" "$TREX" infer --model "$G" --input "$T/in-shape.npy" --dump "$T/out"
bad I35 "input pixel out of range"    "in-range.npy: image 1, element [0, 2, 3] is 100, outside the model's input range -64..63" "$TREX" infer --model "$G" --input "$T/in-range.npy" --dump "$T/out"
bad I36 "input of float dtype"        "in-float.npy: dtype '<f8' is not supported" "$TREX" infer --model "$G" --input "$T/in-float.npy" --dump "$T/out"
bad I37 "input without images"       "in-empty.npy: no images" "$TREX" infer --model "$G" --input "$T/in-empty.npy" --dump "$T/out"
printf '{"tile": {"rows": 64, "outs": 8, "w_bits": 8, "cell_bits": 2, "x_bits": 6, "adc_bits": 6, "cols_per_adc": 8}}' > "$T/chip6.json"
bad I38 "tile with 6-bit inputs"      "chip6.json: key 'tile': w_bits 8, x_bits 6, x_signed true: the integer encoder needs w_bits 8, x_bits 8 and x_signed true" "${INF[@]}" "$G" --chip "$T/chip6.json"
bad I39 "non-ideal spec bad key"      "--nonideal: unknown key 'sigma'" "${INF[@]}" "$G" --nonideal sigma=1
variant badname 'd["name"] = "a b"'
I I40 "model name with a space"       "badname/model.json: key 'name': must be 1..63 characters of [A-Za-z0-9._-]" "${INF[@]}" "$T/badname"
variant dupkey 'import re; t = open(p + "/model.json").read(); open(p + "/model.json", "w").write(re.sub(r"\"version\":\s*1", "\"version\": 1, \"version\": 1", t)); d = None'
I I41 "duplicate key"                 "dupkey/model.json: key 'version': duplicate key" "${INF[@]}" "$T/dupkey"
variant dupl 'import re; t = open(p + "/model.json").read(); open(p + "/model.json", "w").write(re.sub(r"\"model.patch_embed\":\s*\{", "\"model.patch_embed\": {\"M\": 1, \"s\": 1}, \"model.patch_embed\": {", t)); d = None'
I I42 "a layer twice"                 "dupl/model.json: key 'layers.model.patch_embed': duplicate key" "${INF[@]}" "$T/dupl"
# output directories that are not ours are never replaced
mkdir -p "$T/keep"; echo precious > "$T/keep/notes.txt"
bad I43 "--dump into a foreign directory" "keep: holds 'notes.txt', which trex infer --dump did not write" "$TREX" infer --model "$G" --input "$IN" --dump "$T/keep"
bad I44 "modelgen --out a foreign directory" "keep: holds 'notes.txt', which trex modelgen did not write" "$TREX" modelgen --shape tiny --seed 1 --out "$T/keep"
[[ $(cat "$T/keep/notes.txt") == precious ]] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: $T/keep was touched"; }
bad I45 "modelgen unknown shape"      "unknown shape 'huge'" "$TREX" modelgen --shape huge --seed 1 --out "$T/out"
printf '{"name": "p", "channels": 1, "height": 5, "width": 4, "patch": 2, "embedding": 8, "heads": 2, "mlp": 8, "depth": 2, "classes": 2, "input_min": 0, "input_max": 9}' > "$T/shape.json"
bad I46 "modelgen shape: patch does not divide" "shape p: key 'patch': 2 does not divide height 5 and width 4" "$TREX" modelgen --shape "$T/shape.json" --seed 1 --out "$T/out"
bad I47 "modelgen seed not a number"  "--seed 'x' is not an integer" "$TREX" modelgen --shape tiny --seed x --out "$T/out"
bad I48 "infer without --input"       "--input FILE is required" "$TREX" infer --model "$G"
bad I49 "model directory is a file"   "in.npy/model.json: cannot read" "$TREX" infer --model "$IN" --input "$IN" --dump "$T/out"
echo "bad-models: $pass passed, $fail failed (cases in $log)"
exit $((fail != 0))
