#!/usr/bin/env python3
"""aig-segind.py: segment induction on a gold/gate miter (a complete proof
method for designs that work in transactions).

Usage: aig-segind.py IN.aag OUT.aig --frames K --shape SPEC [--shape SPEC]...
                     [--commute 'S GLOB PATH...']... [--tie NAME=VALUE]...

IN.aag is the miter that scripts/mutate-proof.sh builds (ASCII AIGER with
symbols, latches gold.<path> and gate.<path>, zero initial state, one
output that is 1 when a compared output differs; the wrapper's boot
registers gold.boot_q / gate.boot_q hold reset in frame 0). OUT.aig is a
combinational AIGER file whose outputs are proof obligations: the mutant
is equivalent to the original if every output is 0 for every input (a
SAT solver decides that: scripts/mutate-proof.sh --segment runs ABC).

The idea. Where plain induction and IC3 need an invariant that relates
the two copies in every state, a transaction-based design returns again
and again to a few state shapes (idle, holding a result) in which the two
copies agree register for register, apart from registers the design does
not read before it overwrites them. J, the invariant, is: the state has
one of the given shapes, and every register pair of the copies is equal
except the pairs that shape leaves free. The obligations, each a
combinational check on K frames unrolled from a free state:
  base     the state after the reset frame satisfies J (and the reset
           frame compares nothing);
  step     from any state satisfying J, for every input sequence of K
           frames: the compared outputs agree in every frame up to the
           first later frame whose state has one of the shapes; that
           frame's state satisfies J; and such a frame comes within K.
Every state reachable from reset then lies on a chain of segments that
start in J, so the outputs agree in every reachable frame. The proof is
sound whatever the shapes are: a wrong or too weak J makes an obligation
fail (no verdict), never a false proof.

A shape SPEC is a list of items separated by blanks:
  PATH=VALUE  the register PATH (the original's name in the flattened top,
              e.g. busy_q or u_ctl.cnt_q; a vector's bits PATH[b] take the bits of
              VALUE) holds VALUE in both copies (its pair equal)
  ~GLOB       register pairs whose path matches the shell pattern GLOB
              (any of a register's names) are free in this shape: they
              need not be equal
The boot registers are 1 in every shape. Registers without a partner in
the other copy are free.

--commute 'S GLOB PATH...': an accumulator. When the mutant takes the same
accumulation steps in another order (the tile's conversion steps), the
accumulators differ inside a transaction and agree at its end, and a SAT
solver cannot see that sums in two orders agree. For start shape S, the
register pairs of GLOB (the group) are then left out of obligation 3S-1
and compared at the next shape by a check that uses commutativity:
  path     the input sequence PATH, items NAME=VALUE@F or NAME=VALUE@F1-F2
           (the input NAME holds VALUE in frames F..F2), is the only one
           on which the group is compared: an obligation (off the path,
           the group's pairs are equal at the next shape, by SAT);
  steps    unrolled on the path (its inputs fixed, the others free), the
           group's pairs are the same literals in some frame f0; from f0 to
           each frame where the group is compared, each copy either holds
           the group or steps it; a step is the group's next state as a
           function of the group (its literals from free leaves), and the
           two copies' steps are the same functions in some order; the
           mutant's group computes the same next state as the original's
           from the partners of what it reads;
  swap     two steps commute: from any group value, steps u then v end
           where v then u end, for all steps with the constant reads the
           path's steps have (an obligation, by SAT).
By induction over exchanges of neighbouring steps the two copies' groups
agree at every compared frame. A check of the steps that fails is an
obligation that is the constant 1 (no verdict). One --commute per shape.

Outputs of OUT.aig: 0 base; then for each shape s (1..), with the start
state of shape s: 3s-2 outputs differ before the next shape, 3s-1 a next
shape reached but not J (with --commute for s: but not J without the
group), 3s no shape within K frames; then for each --commute shape s, "the
group's pairs differ off the path" and the swap lemma (or the constant 1
of the failed check). Prints one line
per output to stdout, its number and meaning, then a summary line.
Exit 0, or 2 with a one-line error.
"""
import fnmatch
import re
from collections import Counter
import importlib.util
import os
import sys


def load_regcorr():
    """aig-regcorr.py beside this script, as a module (its name holds a dash)"""
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("aig_regcorr", os.path.join(here, "aig-regcorr.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.PROG = "aig-segind"
    return mod


rc = load_regcorr()
fail = rc.fail


class Builder(rc.Hasher):
    """A combinational AND graph (rc.Hasher) whose leaves are free inputs."""

    def leaf(self):
        return 2 * self.new(("i",))

    def OR(self, a, b):
        return self.AND(a ^ 1, b ^ 1) ^ 1

    def EQ(self, a, b):
        return self.OR(self.AND(a, b), self.AND(a ^ 1, b ^ 1))

    def cone(self, lits):
        """the ids of the nodes (leaves and ANDs) that lits depend on"""
        return rc.cone(self.nodes, lits)

    def write(self, path, outs):
        """binary AIGER, the cone of outs only; inputs are the leaves used"""
        order = sorted(self.cone(outs))
        ins = [n for n in order if self.nodes[n - 1][0] == "i"]
        ans = [n for n in order if self.nodes[n - 1][0] == "a"]
        newv = {}
        for n in ins + ans:
            newv[n] = len(newv) + 1

        def nl(x):
            return x if x >> 1 == 0 else 2 * newv[x >> 1] + (x & 1)

        body = bytearray()
        for o in outs:
            body += ("%d\n" % nl(o)).encode()
        for n in ans:
            body += rc.aig_and_bytes(2 * newv[n], nl(self.nodes[n - 1][1]), nl(self.nodes[n - 1][2]))
        body += b"c\nmade by aig-segind.py\n"
        hdr = "aig %d %d 0 %d %d\n" % (len(newv), len(ins), len(outs), len(ans))
        rc.replace_file(path, hdr.encode() + body)
        return len(ins), len(ans)


def parse_shape(spec, by_name, gold_names):
    """-> (values {gold latch: bit}, free set of gold latches)"""
    vals, free = {}, set()
    for item in spec.split():
        if item.startswith("~"):
            pat = item[1:]
            hit = [li for li, nl in gold_names.items() if any(fnmatch.fnmatchcase(n, pat) for n in nl)]
            if not hit:
                fail("--shape '%s': no register matches %s" % (spec, pat))
            free.update(hit)
            continue
        path, eq, v = item.partition("=")
        if not eq:
            fail("--shape '%s': '%s' is neither PATH=VALUE nor ~GLOB" % (spec, item))
        try:
            val = int(v, 0)
        except ValueError:
            fail("--shape '%s': VALUE of '%s' must be an integer" % (spec, item))
        if val < 0:
            fail("--shape '%s': VALUE of '%s' must not be negative" % (spec, item))
        if path in by_name:
            bits = {0: by_name[path]}
        else:
            bits = {}
            for b in range(4096):
                k = "%s[%d]" % (path, b)
                if k not in by_name:
                    break
                bits[b] = by_name[k]
            if not bits:
                fail("--shape '%s': the original has no register %s" % (spec, path))
        if val >> len(bits):
            fail("--shape '%s': %d does not fit in the %d bits of %s" % (spec, val, len(bits), path))
        for b, li in bits.items():
            vals[li] = (val >> b) & 1
    return vals, free


def parse_commute(spec, nshapes, gold_names, ports, frames):
    """--commute 'S GLOB ITEM...' -> (S, frozenset of the gold registers of
    the group, path {frame: {input index: bit}})"""
    items = spec.split()
    if len(items) < 2:
        fail("--commute '%s': expected SHAPE GLOB [NAME=VALUE@F[-F2]]..." % spec)
    try:
        si = int(items[0])
    except ValueError:
        si = 0
    if not 1 <= si <= nshapes:
        fail("--commute '%s': SHAPE must be a shape's number, 1..%d" % (spec, nshapes))
    pat = items[1]
    grp = frozenset(li for li, nl in gold_names.items() if any(fnmatch.fnmatchcase(n, pat) for n in nl))
    if not grp:
        fail("--commute '%s': no register matches %s" % (spec, pat))
    path = {}
    for it in items[2:]:
        m = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)=([0-9]+)@([0-9]+)(?:-([0-9]+))?", it)
        if not m:
            fail("--commute '%s': '%s' is not NAME=VALUE@F or NAME=VALUE@F1-F2" % (spec, it))
        nm, val, f1 = m.group(1), int(m.group(2)), int(m.group(3))
        f2 = int(m.group(4)) if m.group(4) else f1
        if nm not in ports:
            fail("--commute '%s': no input %s" % (spec, nm))
        if val >> len(ports[nm]):
            fail("--commute '%s': %d does not fit in the %d bits of %s" % (spec, val, len(ports[nm]), nm))
        if not f1 <= f2 < frames:
            fail("--commute '%s': the frames of '%s' must lie in 0..%d" % (spec, it, frames - 1))
        for f in range(f1, f2 + 1):
            for k, bit in ports[nm]:
                path.setdefault(f, {})[k] = (val >> bit) & 1
    return si, grp, path


def main():
    if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
        sys.stdout.write(__doc__)
        sys.exit(0)
    args, opt = rc.parse_argv(sys.argv[1:], ("--tie", "--shape", "--frames", "--commute"))
    ties = dict(rc.parse_tie(v) for v in opt["--tie"])
    shapes, commute_specs, frames = opt["--shape"], opt["--commute"], None
    if opt["--frames"]:
        v = opt["--frames"][-1]
        frames = int(v) if re.fullmatch(r"[0-9]{1,5}", v) else -1
        if not 1 <= frames <= 10000:
            fail("--frames %s: must be an integer 1..10000" % v)
    if len(args) != 2 or frames is None or not shapes:
        fail("usage: aig-segind.py IN.aag OUT.aig --frames K --shape SPEC... (see --help)")
    inp, outp = args
    M, inputs, latches, outputs, ands, names, inames = rc.read_aag(inp)
    if len(outputs) != 1:
        fail("%s: expected one miter output, found %d" % (inp, len(outputs)))
    tied = rc.tie_inputs(ties, inames)  # input index -> constant bit
    g = rc.Graph(M, inputs, latches, ands, tied, inp)
    # gate latch -> gold latch; also the registers without a public name
    # (the softmax row buffer's): J requires every pair, so a wrong
    # candidate only makes an obligation fail
    pair = rc.pair_latches(g, names, unnamed=True)
    gate_of = {o: gl for gl, o in pair.items()}
    gold_names, by_name = {}, {}
    boot = set()
    for li, nl in names.items():
        if all(n in rc.BOOT_NAMES for n in nl):
            boot.add(li)
            continue
        # the design sits in the wrapper as instance u: paths are its own
        gn = [n[7:] for n in nl if n.startswith("gold.u.")]
        if gn:
            gold_names[li] = gn
            for n in gn:
                by_name[n] = li
    if len(boot) < 2:
        fail("%s: no boot registers gold.boot_q / gate.boot_q (not a mutate-proof miter)" % inp)
    specs = [parse_shape(s, by_name, gold_names) for s in shapes]

    commutes = [parse_commute(c, len(specs), gold_names, rc.input_bits(inames), frames)
                for c in commute_specs]
    by_shape = {}
    for c in commutes:
        if c[0] in by_shape:
            fail("--commute: shape %d has two groups (give one --commute per shape)" % c[0])
        by_shape[c[0]] = c

    b = Builder()
    L = len(latches)

    def frame(state, fix=None):
        """one frame: state = latch literals, fix = {input index: bit} for
        this frame; -> (output literal, next state, input literals)"""
        canon = [0] * (M + 1)
        ins = []
        for k, v in enumerate(g.input_vars):
            if k in tied:
                x = tied[k]
            elif fix is not None and k in fix:
                x = fix[k]
            else:
                x = b.leaf()
            canon[v] = x
            ins.append(x)
        for li, l in enumerate(latches):
            canon[l[0] >> 1] = state[li]
        for v in g.order:
            r0, r1 = g.and_def[v]
            canon[v] = b.AND(canon[r0 >> 1] ^ (r0 & 1), canon[r1 >> 1] ^ (r1 & 1))

        def lit(x):
            return canon[x >> 1] ^ (x & 1)

        return lit(outputs[0]), [lit(l[1]) for l in latches], ins

    def shape_parts(state, group=frozenset()):
        """-> per shape (it holds, every pair but its free ones and the
        gold registers in group equal)"""
        parts = []
        for vals, free in specs:
            s = 1
            for li in boot:
                s = b.AND(s, state[li])
            for li, v in vals.items():
                s = b.AND(s, state[li] ^ (v ^ 1))
                if li in gate_of and li in free:
                    # a free pair: the shape holds in both copies (an
                    # equal pair's partner follows from the equality)
                    s = b.AND(s, state[gate_of[li]] ^ (v ^ 1))
            e = s
            for gl, o in pair.items():
                if o not in free and o not in group:
                    e = b.AND(e, b.EQ(state[gl], state[o]))
            parts.append((s, e))
        return parts

    def any_of(lits):
        r = 0
        for x in lits:
            r = b.OR(r, x)
        return r

    def start_state(vals, free):
        st = [None] * L
        for li in boot:
            st[li] = 1
        for gl, o in pair.items():
            if o in free or o in boot or gl in boot:
                # (the boot pair is paired by name, but it is 1 in a
                # shape: a leaf there would let frame 0 reset, a
                # harmless widening that leaves the control symbolic)
                continue
            x = b.leaf()
            st[o] = x
            st[gl] = x
        for li in range(L):
            if st[li] is None:
                st[li] = b.leaf()
        for li, v in vals.items():
            st[li] = v
            if li in gate_of:
                st[gate_of[li]] = v
        return st

    def support(*groups):
        """per group of registers, the registers and inputs its next state
        reads (after the ties and constant folding), from one frame"""
        stx = [b.leaf() for _ in range(L)]
        _, nx, ins = frame(stx)
        lat_of = {x >> 1: li for li, x in enumerate(stx)}
        in_of = {x >> 1: k for k, x in enumerate(ins) if x > 1}
        out = []
        for regs in groups:
            need = b.cone(nx[li] for li in regs)
            out.append(({lat_of[n] for n in need if n in lat_of}, {in_of[n] for n in need if n in in_of}))
        return out

    def group_needed(st, seen, group, gfree_shapes):
        """-> (per shape (it holds, J's pairs but the group's equal), some
        shape holds, a first shape comes whose J needs the group's pairs)"""
        parts = shape_parts(st, group)
        sh = any_of(s for s, _ in parts)
        full = shape_parts(st) if gfree_shapes else []
        gfree = any_of(full[t][1] for t in gfree_shapes)
        return parts, sh, b.AND(b.AND(sh, seen ^ 1), gfree ^ 1)

    def commute_check(si, com, st0, gfree_shapes):
        """The group's part of J at the first shaped frame, for input
        sequences on the path (the off-path ones are an obligation of
        their own). Unrolled on the path, the group's pairs must be the
        same literals in some frame f0, and from there to each frame
        where the group is compared, each copy either holds the group
        (the same literals) or steps it, and the two copies' steps must
        be the same tuples of the literals the group's next state reads,
        in some order; the mutant's group must compute the same function
        of those as the original's. Then the two values agree if any two
        steps commute: that swap lemma (for the steps' constant bits) is
        returned as an obligation. A failed condition is returned as a
        constant-1 obligation naming it."""
        _, grp, path = com
        G = sorted(grp)

        def failed(why):
            return [(1, "shape %d: commute: %s" % (si, why))]

        lone = [li for li in G if li not in gate_of]
        if lone:
            return failed("%s has no partner in the mutant" % gold_names[lone[0]][0])
        Gm = [gate_of[li] for li in G]

        (sl, sin), (slm, sinm) = support(G, Gm)
        sl = sorted(sl - grp)
        sin = sorted(sin)
        if any(li not in gate_of for li in sl) or {gate_of[li] for li in sl} != slm - set(Gm) or set(sin) != sinm:
            return failed("the mutant's group reads other registers or inputs than the original's")
        stf = [b.leaf() for _ in range(L)]
        for gl, o in pair.items():
            stf[gl] = stf[o]
        _, nx, _ = frame(stf)
        if [nx[li] for li in G] != [nx[m] for m in Gm]:
            return failed("the mutant's group computes another next state")
        states, insl, checks = [st0], [], []
        st, seen = st0, 0
        for f in range(frames):
            _, st, ins = frame(st, path.get(f, {}))
            states.append(st)
            insl.append(ins)
            _, sh, need = group_needed(st, seen, grp, gfree_shapes)
            if need != 0:
                checks.append(f + 1)
            seen = b.OR(seen, sh)
        width = len(sl) + len(sin)

        def step(a, u):
            """the original's group after one frame from a, reading u"""
            stx = [0] * L
            for li, x in zip(G, a):
                stx[li] = x
            for li, x in zip(sl, u):
                stx[li] = x
            _, nxt, _ = frame(stx, dict(zip(sin, u[len(sl):])))
            return [nxt[li] for li in G]

        abar, keys = [b.leaf() for _ in G], {}

        def key(u):
            """a step as a function of the group: its result from free
            leaves (the reads it ignores in this frame fold away)"""
            if u not in keys:
                keys[u] = tuple(step(abar, u))
            return keys[u]

        used = []
        for n in checks:
            A = [[states[i][li] for li in G] for i in range(n + 1)]
            B = [[states[i][m] for m in Gm] for i in range(n + 1)]
            f0 = max((i for i in range(n + 1) if A[i] == B[i]), default=None)
            if f0 is None:
                return failed("the group's pairs differ in every frame up to %d" % (n - 1))
            seqs = []
            for V, reg in ((A, lambda li: li), (B, lambda li: gate_of[li])):
                seqs.append([tuple(states[i][reg(li)] for li in sl) + tuple(insl[i][k] for k in sin)
                             for i in range(f0, n) if V[i + 1] != V[i]])
            if Counter(key(u) for u in seqs[0]) != Counter(key(u) for u in seqs[1]):
                return failed("the steps of frames %d..%d are not the same in another order" % (f0, n - 1))
            used += seqs[0] + seqs[1]
        sys.stderr.write("aig-segind: shape %d: group of %d registers compared in %d frame(s) of the path, %d steps\n"
                         % (si, len(G), len(checks), len(used) // 2))
        if not used:
            return []
        const = {p: used[0][p] for p in range(width)
                 if used[0][p] in (0, 1) and all(u[p] == used[0][p] for u in used)}

        a = [b.leaf() for _ in G]
        u = [const[p] if p in const else b.leaf() for p in range(width)]
        v = [const[p] if p in const else b.leaf() for p in range(width)]
        x, y = step(step(a, u), v), step(step(a, v), u)
        return [(any_of(b.EQ(p, q) ^ 1 for p, q in zip(x, y)),
                 "shape %d: swap lemma: two steps of the group do not commute" % si)]

    outs, what = [], []
    extra = []  # (literal, meaning) after the shapes' three
    # base: from the initial state through the reset frame
    init = [l[2] for l in latches]
    t0, s1, _ = frame(init)
    outs.append(b.OR(t0, any_of(e for _, e in shape_parts(s1)) ^ 1))
    what.append("base: the state after reset is not J")
    for si, (vals, free) in enumerate(specs, 1):
        st0 = start_state(vals, free)
        com = by_shape.get(si)
        group = com[1] if com else frozenset()
        # shapes that leave the whole group free: J there needs no group pair
        gfree_shapes = [t for t, (_, fr) in enumerate(specs) if group and group <= fr]
        seen = 0  # a shaped frame came after frame 0
        bad_out, bad_j, off_path = 0, 0, 0
        st, on_path = st0, 1
        for f in range(frames):
            t, st, ins = frame(st)
            bad_out = b.OR(bad_out, b.AND(t, seen ^ 1))
            parts, sh, need = group_needed(st, seen, group, gfree_shapes)
            if com:
                # need: the group pairs must be equal
                bad_j = b.OR(bad_j, b.AND(need, any_of(e for _, e in parts) ^ 1))
                for k, bit in com[2].get(f, {}).items():
                    on_path = b.AND(on_path, ins[k] ^ (bit ^ 1))
                eq_g = 1
                for li in group:
                    if li in gate_of:  # (a lone one fails the commute check)
                        eq_g = b.AND(eq_g, b.EQ(st[li], st[gate_of[li]]))
                off_path = b.OR(off_path, b.AND(b.AND(need, on_path ^ 1), eq_g ^ 1))
            else:
                bad_j = b.OR(bad_j, b.AND(need, any_of(e for _, e in parts) ^ 1))
            seen = b.OR(seen, sh)
        outs += [bad_out, bad_j, seen ^ 1]
        what += ["shape %d: outputs differ before the next shape" % si,
                 "shape %d: a next shape but not J%s" % (si, " (the group aside)" if com else ""),
                 "shape %d: no shape within %d frames" % (si, frames)]
        if com:
            extra.append((off_path, "shape %d: the group's pairs differ off the path" % si))
            extra += commute_check(si, com, st0, gfree_shapes)
        sys.stderr.write("aig-segind: shape %d unrolled, %d nodes\n" % (si, len(b.nodes)))
    for o, w in extra:
        outs.append(o)
        what.append(w)
    nin, nand = b.write(outp, outs)
    for k, (o, w) in enumerate(zip(outs, what)):
        print("%d %s%s" % (k, w, " (constant 0)" if o == 0 else " (constant 1)" if o == 1 else ""))
    print("summary: %d register pairs, %d shapes, %d frames, %d inputs, %d AND nodes, %d of %d outputs constant 0"
          % (len(pair), len(specs), frames, nin, nand, sum(1 for o in outs if o == 0), len(outs)))

if __name__ == "__main__":
    main()
