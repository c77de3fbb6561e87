#!/usr/bin/env python3
"""aig-regcorr.py: structural register correspondence on a gold/gate miter.

Usage: aig-regcorr.py IN.aag OUT.aig [--tie NAME=VALUE]...

--tie NAME=VALUE replaces the input NAME (symbol "in_NAME" or bits
"in_NAME[b]") by the constant VALUE (bit b of it) before anything else:
`scripts/mutate-proof.sh` builds one miter per mutation set whose gate copy
holds every mutation behind an input mutsel, and ties mutsel to one mutant.

IN.aag is an ASCII AIGER miter written by Yosys (`write_aiger -ascii
-symbols -zinit`) from `miter -equiv -flatten`: latch symbols name the
registers of the two copies `gold.<path>` and `gate.<path>`. OUT.aig is a
binary AIGER file with the same output, smaller.

Method: assume every gold/gate register pair with the same path equal,
replace the gate register by the gold one, rebuild the AND graph by
structural hashing with constant folding, and drop every pair whose two
next-state functions are not the same node (or whose initial values
differ); repeat until no pair is dropped. What remains is the greatest set
of pairs that are equal at the initial state and stay equal as an
induction whose step is structural identity: equal in every reachable
state, so replacing each gate register by its gold partner keeps every
output unchanged in every frame (sound, no SAT involved). A mutant's
difference stays in the registers of its sequential fanout; everything else
is shared, and only the cone of influence of the output is written.

Prints one line: registers before/after, pairs merged, AND nodes after.
Exit 0, or 2 with a one-line error on a malformed input.
"""
import os
import sys


PROG = "aig-regcorr"  # the name errors carry (aig-segind.py sets its own)


def fail(msg):
    sys.stderr.write("%s: %s\n" % (PROG, msg))
    sys.exit(2)


def read_aag(path):
    try:
        with open(path) as f:
            lines = f.read().split("\n")
    except OSError as e:
        fail("%s: %s" % (path, e.strerror))
    head = lines[0].split()
    if len(head) < 6 or head[0] != "aag":
        fail("%s:1: not an ASCII AIGER header" % path)
    try:
        M, I, L, O, A = (int(x) for x in head[1:6])
    except ValueError:
        fail("%s:1: bad header numbers" % path)
    if len(head) > 6 and any(int(x) for x in head[6:]):
        fail("%s:1: bad-state/constraint/justice/fairness sections are not supported" % path)
    pos = 1
    inputs, latches, outputs, ands = [], [], [], []
    try:
        for _ in range(I):
            inputs.append(int(lines[pos].split()[0])); pos += 1
        for _ in range(L):
            t = [int(x) for x in lines[pos].split()]; pos += 1
            init = t[2] if len(t) > 2 else 0
            if init not in (0, 1):
                fail("%s:%d: uninitialised latch (write the miter with -zinit)" % (path, pos))
            latches.append([t[0], t[1], init])
        for _ in range(O):
            outputs.append(int(lines[pos].split()[0])); pos += 1
        for _ in range(A):
            t = [int(x) for x in lines[pos].split()]; pos += 1
            ands.append((t[0], t[1], t[2]))
    except (IndexError, ValueError):
        fail("%s:%d: malformed line" % (path, pos + 1))
    names, inames = {}, {}
    for ln in lines[pos:]:
        if ln.startswith("c"):
            break
        if ln.startswith("l") or ln.startswith("i"):
            sp = ln.split()
            try:
                (names if ln[0] == "l" else inames)[int(sp[0][1:])] = sp[1:]
            except ValueError:
                fail("%s: malformed symbol line '%s'" % (path, ln[:60]))
    return M, inputs, latches, outputs, ands, names, inames


# the wrapper's boot registers (scripts/mutate-proof.sh): reset in frame 0
BOOT_NAMES = ("gold.boot_q", "gate.boot_q", "lboot_q")


class Hasher:
    """An AND graph under construction with structural hashing and constant
    folding: node ids from 1 (0 is the constant false), literal = 2*id+neg;
    nodes[id-1] is the caller's leaf tuple or ('a', l0, l1)."""

    def __init__(self):
        self.nodes = []
        self.table = {}

    def new(self, d):
        """a new node described by d; -> its id"""
        self.nodes.append(d)
        return len(self.nodes)

    def AND(self, a, b):
        """-> the literal of a AND b, an existing node where there is one"""
        if a > b:
            a, b = b, a
        if a == 0:
            return 0
        if a == 1:
            return b
        if a == b:
            return a
        if a ^ 1 == b:
            return 0
        key = (a, b)
        c = self.table.get(key)
        if c is None:
            c = 2 * self.new(("a", a, b))
            self.table[key] = c
        return c


def cone(nodes, lits, follow=None):
    """the ids of the nodes (of a Hasher's nodes) that lits depend on;
    follow(d), if given, names one more literal a leaf d depends on"""
    need = set()
    stack = [x >> 1 for x in lits]
    while stack:
        n = stack.pop()
        if n == 0 or n in need:
            continue
        need.add(n)
        d = nodes[n - 1]
        if d[0] == "a":
            stack.append(d[1] >> 1)
            stack.append(d[2] >> 1)
        elif follow is not None:
            x = follow(d)
            if x is not None:
                stack.append(x >> 1)
    return need


def parse_argv(argv, options):
    """argv -> (positional arguments, {option: [values]}) for options that
    each take one value; an unknown option or a missing value is an error"""
    args, vals = [], {o: [] for o in options}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in vals:
            if i + 1 >= len(argv):
                fail("%s needs a value" % a)
            vals[a].append(argv[i + 1])
            i += 2
            continue
        if a.startswith("-"):
            fail("unknown option '%s' (see --help)" % a)
        args.append(a)
        i += 1
    return args, vals


def aig_and_bytes(lhs, a, b):
    """the binary AIGER encoding of AND lhs = a & b (lhs > a, b)"""
    if a < b:
        a, b = b, a
    out = bytearray()
    for x in (lhs - a, a - b):
        while x & ~0x7f:
            out.append((x & 0x7f) | 0x80)
            x >>= 7
        out.append(x)
    return out


def replace_file(path, data):
    """writes data to path through path.tmp and a rename (complete or absent)"""
    try:
        with open(path + ".tmp", "wb") as f:
            f.write(data)
        os.replace(path + ".tmp", path)
    except OSError as e:
        try:
            os.unlink(path + ".tmp")
        except OSError:
            pass
        fail("%s: %s" % (path, e.strerror))


def parse_tie(v):
    """--tie NAME=VALUE -> (NAME, VALUE), VALUE a non-negative integer"""
    nm, eq, val = v.partition("=")
    if not nm or not eq:
        fail("--tie %s: expected NAME=VALUE" % v)
    try:
        x = int(val, 0)
    except ValueError:
        fail("--tie %s: VALUE must be an integer" % v)
    if x < 0:
        fail("--tie %s: VALUE must not be negative" % v)
    return nm, x


def input_bits(inames):
    """the miter's inputs by port: {NAME: [(input index, bit)]} from the
    symbols in_NAME / in_NAME[b]"""
    bits = {}
    for k, nl in inames.items():
        for n in nl:
            if not n.startswith("in_"):
                continue
            base, _, rest = n[3:].partition("[")
            try:
                bits.setdefault(base, []).append((k, int(rest.rstrip("]")) if rest else 0))
            except ValueError:
                fail("malformed input symbol '%s'" % n)
            break
    return bits


def tie_inputs(ties, inames):
    """ties {NAME: VALUE} -> {input index: constant bit} over the inputs
    in_NAME / in_NAME[b]; an unknown NAME or a VALUE wider than the input
    is an error"""
    tied = {}
    ports = input_bits(inames)
    for nm, v in ties.items():
        if nm not in ports:
            fail("--tie %s: no input of that name" % nm)
        if v >> len(ports[nm]):
            fail("--tie %s=%d: the value does not fit in %d bits" % (nm, v, len(ports[nm])))
        for k, b in ports[nm]:
            tied[k] = (v >> b) & 1
    return tied


class Graph:
    """The AND graph of a parsed AIGER file, in topological order, with
    canonical rebuilding (structural hashing and constant folding)."""

    def __init__(self, M, inputs, latches, ands, tied, path):
        self.M, self.latches, self.tied = M, latches, tied
        self.input_vars = [x >> 1 for x in inputs]
        self.and_def = {a[0] >> 1: (a[1], a[2]) for a in ands}
        # topological order of the ANDs (an ASCII file need not list them so)
        order, state = [], {}
        for a in ands:
            root = a[0] >> 1
            if root in state:
                continue
            stack = [(root, False)]
            while stack:
                v, done = stack.pop()
                if done:
                    state[v] = 2
                    order.append(v)
                    continue
                if v in state:
                    if state[v] == 1:
                        fail("%s: combinational loop through variable %d" % (path, v))
                    continue
                state[v] = 1
                stack.append((v, True))
                for r in self.and_def[v]:
                    u = r >> 1
                    if u in self.and_def and state.get(u) != 2:
                        if state.get(u) == 1:
                            fail("%s: combinational loop through variable %d" % (path, u))
                        stack.append((u, False))
        self.order = order

    def rebuild(self, active, wild=()):
        """canonical node ids: 0 false, leaves, hashed ANDs; literal = 2*id+neg;
        the latches in wild share one leaf (a signature for pairing)"""
        latches, tied = self.latches, self.tied
        canon = [0] * (self.M + 1)
        h = Hasher()  # nodes: ('i', k) input / ('l', k) latch / ('w',) / ('a', l0, l1)
        for k, v in enumerate(self.input_vars):
            canon[v] = tied[k] if k in tied else 2 * h.new(("i", k))
        leaf = {}
        wleaf = 2 * h.new(("w",)) if wild else None
        for i, l in enumerate(latches):
            if i not in active:
                leaf[i] = wleaf if i in wild else 2 * h.new(("l", i))
        for i, l in enumerate(latches):
            canon[l[0] >> 1] = leaf[active[i]] if i in active else leaf[i]
        mk = h.AND
        and_def = self.and_def
        for v in self.order:
            r0, r1 = and_def[v]
            canon[v] = mk(canon[r0 >> 1] ^ (r0 & 1), canon[r1 >> 1] ^ (r1 & 1))
        def lit(x):
            return canon[x >> 1] ^ (x & 1)
        lit.mk = mk
        return lit, h.nodes


def pair_latches(g, names, unnamed=False):
    """Candidate gold/gate register pairs: gate latch index -> gold latch
    index. By path first (symbols gold.<path> / gate.<path>); then a gate
    register whose name a mutation moved off it (a mutated Q output) pairs
    with an unpaired gold one whose next-state node and initial value are
    the same, assuming the pairs so far, repeated while pairs are added. The
    unpaired registers share one leaf while the signatures are built, so
    that a register feeding back into itself matches its partner; only
    signatures unique on both sides pair. With unnamed, then also registers
    without a public name in either copy (Yosys writes symbols for public
    names only), the same way: two of them pair when their signatures are
    the same and no other unnamed register has it. Only candidates: a
    caller keeps what it proves."""
    latches = g.latches
    gold_by_path = {}
    for li, nl in names.items():
        for n in nl:
            if n.startswith("gold."):
                gold_by_path[n[5:]] = li
    pair = {}
    for li, nl in names.items():
        if any(n.startswith("gold.") for n in nl):
            continue  # a register the two copies already share
        for n in nl:
            if n.startswith("gate.") and n[5:] in gold_by_path:
                pair[li] = gold_by_path[n[5:]]
                break
    while True:
        taken = set(pair.values())
        gold_free, gate_free = [], []
        for li in range(len(latches)):
            nl = names.get(li, [])
            if li in pair or li in taken:
                continue
            if any(n.startswith("gold.") for n in nl):
                if not any(n.startswith("gate.") for n in nl):
                    gold_free.append(li)
            else:
                gate_free.append(li)
        if not gold_free or not gate_free:
            break
        lit, nodes = g.rebuild(pair, set(gold_free) | set(gate_free))
        sig_g, sig_m = {}, {}
        for li in gold_free:
            sig_g.setdefault((lit(latches[li][1]), latches[li][2]), []).append(li)
        for li in gate_free:
            sig_m.setdefault((lit(latches[li][1]), latches[li][2]), []).append(li)
        added = 0
        for key, ms in sig_m.items():
            gs = sig_g.get(key, [])
            if len(ms) == 1 and len(gs) == 1:
                pair[ms[0]] = gs[0]
                added += 1
        if not added:
            break
    while unnamed:
        taken = set(pair) | set(pair.values())
        rest = [li for li in range(len(latches)) if li not in taken
                and not any(n.startswith("gold.") or n.startswith("gate.") for n in names.get(li, []))
                and not all(n in BOOT_NAMES for n in names.get(li, ["?"]))]
        if len(rest) < 2:
            break
        lit, _ = g.rebuild(pair, set(rest))
        sig = {}
        for li in rest:
            sig.setdefault((lit(latches[li][1]), latches[li][2]), []).append(li)
        added = 0
        for grp in sig.values():
            if len(grp) == 2:
                pair[max(grp)] = min(grp)
                added += 1
        if not added:
            break
    return pair


def main():
    if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
        sys.stdout.write(__doc__)
        sys.exit(0)
    args, opt = parse_argv(sys.argv[1:], ("--tie", "--srm", "--srm-map"))
    ties = dict(parse_tie(v) for v in opt["--tie"])
    srm_drop = opt["--srm"][-1] if opt["--srm"] else None
    srm_map = opt["--srm-map"][-1] if opt["--srm-map"] else None
    if len(args) != 2:
        fail("usage: aig-regcorr.py IN.aag OUT.aig [--tie NAME=VALUE]...")
    sys.argv[1:] = args
    M, inputs, latches, outputs, ands, names, inames = read_aag(sys.argv[1])
    tied = tie_inputs(ties, inames)  # input index -> constant bit
    if len(outputs) != 1:
        fail("%s: expected one miter output, found %d" % (sys.argv[1], len(outputs)))
    ctx = Graph(M, inputs, latches, ands, tied, sys.argv[1])
    pair = pair_latches(ctx, names)
    rebuild = ctx.rebuild

    active = dict(pair)
    checks = []  # (gate latch, literal that is 1 when the pair's next states differ)
    if srm_drop is None:
        while True:
            lit, nodes = rebuild(active)
            drop = [g for g, o in active.items()
                    if lit(latches[g][1]) != lit(latches[o][1]) or latches[g][2] != latches[o][2]]
            if not drop:
                break
            for g in drop:
                del active[g]
        lit, nodes = rebuild(active)
    else:
        # speculatively reduced model: every pair merged but the dropped ones;
        # one output per merged pair whose next-state nodes differ (holds in
        # every reachable state iff, together with the miter output, nothing
        # fails: by induction over time the model equals the miter)
        try:
            with open(srm_drop) as f:
                for ln in f:
                    if ln.strip():
                        active.pop(int(ln), None)
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as e:
            fail("%s: %s" % (srm_drop, e))
        lit, nodes = rebuild(active)
        for g, o in sorted(active.items()):
            if latches[g][2] != latches[o][2]:
                checks.append((g, 1))
                continue
            a, b = lit(latches[g][1]), lit(latches[o][1])
            if a != b:
                x = lit.mk(a, b ^ 1) ^ 1, lit.mk(a ^ 1, b) ^ 1
                checks.append((g, lit.mk(x[0], x[1]) ^ 1))

    # cone of influence of the outputs through the kept latches' next states
    out = lit(outputs[0])
    outs = [out] + [c for _, c in checks]
    need = cone(nodes, outs, lambda d: lit(latches[d[1]][1]) if d[0] == "l" else None)
    # renumber: inputs (all, so the input count stays), latches, ANDs in order
    newv = {}
    nin = 0
    for n in range(1, len(nodes) + 1):
        if nodes[n - 1][0] == "i":
            nin += 1; newv[n] = nin
    kl = [n for n in range(1, len(nodes) + 1) if nodes[n - 1][0] == "l" and n in need]
    for n in kl:
        newv[n] = len(newv) + 1
    ka = [n for n in range(1, len(nodes) + 1) if nodes[n - 1][0] == "a" and n in need]
    for n in ka:
        newv[n] = len(newv) + 1
    def nl(x):
        return x if x >> 1 == 0 else 2 * newv[x >> 1] + (x & 1)
    nM = len(newv)
    body = bytearray()
    hdr = "aig %d %d %d %d %d\n" % (nM, nin, len(kl), len(outs), len(ka))
    for n in kl:
        i = nodes[n - 1][1]
        body += ("%d %d\n" % (nl(lit(latches[i][1])), latches[i][2])).encode()
    for o in outs:
        body += ("%d\n" % nl(o)).encode()
    for n in ka:
        body += aig_and_bytes(2 * newv[n], nl(nodes[n - 1][1]), nl(nodes[n - 1][2]))
    body += b"c\nmade by aig-regcorr.py\n"
    replace_file(sys.argv[2], hdr.encode() + body)
    if srm_map:
        try:
            with open(srm_map, "w") as f:
                for k, (g, _) in enumerate(checks):
                    f.write("%d %d %s\n" % (k + 1, g, (names.get(g) or ["?"])[0]))
        except OSError as e:
            fail("%s: %s" % (srm_map, e.strerror))
    print("registers %d -> %d (%d of %d gold/gate pairs merged%s), AND nodes %d -> %d%s"
          % (len(latches), len(kl), len(active), len(pair),
             ", %d pair checks" % len(checks) if srm_drop is not None else "", len(ands), len(ka),
             "".join(", %s = %d" % t for t in sorted(ties.items()))))


if __name__ == "__main__":
    main()
