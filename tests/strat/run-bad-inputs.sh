#!/usr/bin/env bash
# Bad pruning and sharing inputs (issue 18): model JSON keys encoder_tokens,
# share_attention, share_mlp; a reuse list that reuses an encoder tokens are
# pruned after; the RTL register image of a pruned or shared model; the DP
# search on such a model. Every case has an id (G..) that docs/bad-inputs.md
# lists. A case must exit non-zero with exactly one line on stderr holding the
# expected words, print nothing on stdout and leave no output behind.
set -uo pipefail
TREX=${TREX:-build/bin/trex}
. tests/lib.sh
tl_workspace build/test/strat-bad
bad() { tl_bad "$@"; } # id description expected-substring command...
M='"tokens": 17, "embedding": 64, "heads": 4, "mlp": 128, "depth": 6'
model() { printf '{%s, %s}' "$M" "$2" > "$T/$1"; }
model g01.json '"encoder_tokens": [17, 17, 12]'
model g02.json '"encoder_tokens": [16, 16, 12, 12, 8, 8]'
model g03.json '"encoder_tokens": [17, 12, 12, 13, 8, 8]'
model g04.json '"encoder_tokens": [17, 17, 0, 12, 8, 8]'
model g05.json '"encoder_tokens": [17, 17, 12, "12", 8, 8]'
model g06.json '"share_attention": [[3, 3]]'
model g07.json '"share_mlp": [[2, 1], [3, 2]]'
model g08.json '"share_mlp": [[6, 0]]'
model g09.json '"share_attention": [[2, 1], [2, 0]]'
model g10.json '"share_attention": [2, 1]'
model ok.json '"encoder_tokens": [17, 17, 12, 12, 8, 8], "share_mlp": [[3, 2]]'
S="$TREX schedule --model"
bad G01 "encoder_tokens: not depth entries"   "g01.json: key 'encoder_tokens': expected an array of depth (6) integers" $S "$T/g01.json"
bad G02 "encoder_tokens: entry 0 not tokens"  "g02.json: key 'encoder_tokens': entry 0 is 16, not tokens 17" $S "$T/g02.json"
bad G03 "encoder_tokens: increase"            "g03.json: key 'encoder_tokens': entry 3: 13 is more than entry 2's 12" $S "$T/g03.json"
bad G04 "encoder_tokens: zero"                "g04.json: key 'encoder_tokens': entry 2: 0 is outside 1..17" $S "$T/g04.json"
bad G05 "encoder_tokens: a string"            "g05.json: key 'encoder_tokens': entry 3 is not an integer" $S "$T/g05.json"
bad G06 "share_attention: itself"             "g06.json: key 'share_attention': encoder 3 cannot share encoder 3's" $S "$T/g06.json"
bad G07 "share_mlp: a chain"                  "g07.json: key 'share_mlp': encoder 3 shares encoder 2's, which itself shares" $S "$T/g07.json"
bad G08 "share_mlp: encoder = depth"          "g08.json: key 'share_mlp': encoder 6 is outside 1..5" $S "$T/g08.json"
bad G09 "share_attention: encoder twice"      "g09.json: key 'share_attention': encoder 2 is listed twice" $S "$T/g09.json"
bad G10 "share_attention: not pairs"          "g10.json: key 'share_attention': entry 0 is not a pair of integers" $S "$T/g10.json"
bad G11 "reuse before a pruning"              "reuse: encoder 1 reuses attention, but tokens are pruned after it (17 -> 12)" $S "$T/ok.json" --reuse 1,3
bad G12 "--regs of a pruned model"            "per-encoder token counts (encoder_tokens) cannot be expressed in the RTL controller's registers" $S "$T/ok.json" --regs "$T/regs.txt"
[[ -e $T/regs.txt ]] && { fail=$((fail + 1)); echo "FAIL G12: left $T/regs.txt behind"; }
bad G13 "edap: reuse before a pruning"        "trex edap: reuse: encoder 3 reuses attention" $TREX edap --model "$T/ok.json" --reuse 3
bad G14 "search --method dp, pruned model"    "prunes tokens or shares layers: the dynamic programme's per-encoder costs do not hold; use --method enum" $TREX search --model "$T/ok.json" --delay-budget 0.9x --max-reuse 2 --method dp
# the search over a mix (--prune-schedules)
printf '1,2\n2,1\n3,1\n4,0\n5,0\n' > "$T/imp.csv"
printf 'drop,encoder_tokens\n0,17 17 17 17 17 17\nx,17 17 9 9 9 9\n' > "$T/s-drop.csv"
printf '0,17 17 9 12 9 9\n' > "$T/s-inc.csv"
printf '0,17 17 9 9\n' > "$T/s-short.csv"
Q="$TREX search --model $T/g00.json --delay-budget 0.9x --impact $T/imp.csv"
printf '{%s}' "$M" > "$T/g00.json"
bad G21 "--prune-schedules without --accuracy-limit" "--prune-schedules needs --accuracy-limit and --impact" $Q --prune-schedules "$T/s-drop.csv"
bad G22 "schedules: drop not a number"        "s-drop.csv:3: drop 'x' is not a finite number" $Q --prune-schedules "$T/s-drop.csv" --accuracy-limit 1
bad G23 "schedules: tokens increase"          "s-inc.csv:1: key 'encoder_tokens': entry 3: 12 is more than entry 2's 9" $Q --prune-schedules "$T/s-inc.csv" --accuracy-limit 1
bad G24 "schedules: too few token counts"     "s-short.csv:1: expected 6 token counts (1..65535), one per encoder" $Q --prune-schedules "$T/s-short.csv" --accuracy-limit 1
printf '0,17 17 17 17 17 17\n' > "$T/s-ok.csv"
bad G25 "mix: nothing meets budget and limit" "no feasible mix: budget" $Q --prune-schedules "$T/s-ok.csv" --accuracy-limit -5
tl_ids_listed
echo "strat bad inputs: $pass passed, $fail failed (${#ids[@]} cases)"
exit $((fail != 0))
