#!/usr/bin/python3
"""test-train: the committed trained models and their split, and the exporter's integer
rules, with NumPy alone (no torch, no scikit-learn; docs/accuracy.md).

  TREX=build/bin/trex /usr/bin/python3 tests/train/test_models.py [-v]

With TREX set, intemu's logits are also compared with `trex infer`'s on a lossless chip.
"""
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(ROOT, "scripts", "vit"))
import numpy as np  # noqa: E402
import export_int as ex  # noqa: E402
import intemu  # noqa: E402
import vit_digits as vd  # noqa: E402

MODELS = os.path.join(ROOT, "models")
DIGITS = os.path.join(MODELS, "vit-digits")


def load_record():
    with open(os.path.join(DIGITS, "record.json")) as f:
        return json.load(f)


def logits_hash(lg):
    return hashlib.sha256(np.ascontiguousarray(lg.astype("<i4")).tobytes()).hexdigest()


class ExportRules(unittest.TestCase):
    """The exporter's integer parameters keep the contract's ranges and meaning."""

    def test_mult_shift(self):
        rng = np.random.default_rng(1)
        for m in list(10.0 ** rng.uniform(-12, 9, 2000)) + [1.0, 0.5, 2.0 ** -40, 2.0 ** 30]:
            M, s = ex.mult_shift(m, "t")
            self.assertTrue(0 <= M < 2 ** 31 and 0 <= s <= 62, (m, M, s))
            if s < 62:  # full precision: M has its top bit at 2^30
                self.assertGreaterEqual(M, 2 ** 30 - 1, (m, M, s))
                self.assertLess(abs(M / 2.0 ** s - m) / m, 2.0 ** -30)
        with self.assertRaises(SystemExit):
            ex.mult_shift(2.0 ** 32, "t")
        with self.assertRaises(SystemExit):
            ex.mult_shift(0.0, "t")

    def test_add_mult_shift(self):
        rng = np.random.default_rng(2)
        for _ in range(2000):
            a, b = 10.0 ** rng.uniform(-6, 3, 2)
            Ma, Mb, s = ex.add_mult_shift(a, b, "t")
            self.assertTrue(max(Ma, Mb) < 2 ** 31 and 0 <= s <= 62)
            big = max(a, b)
            self.assertLess(abs(max(Ma, Mb) / 2.0 ** s - big) / big, 2.0 ** -29)

    def test_exp_lut(self):
        for sc in (1e-4, 0.01, 0.05, 0.3, 5.0):
            lut = ex.exp_lut(sc)
            self.assertEqual(lut.dtype, np.int32)
            self.assertEqual(int(lut[0]), 65536)
            self.assertTrue(np.all(np.diff(lut.astype(np.int64)) <= 0) and lut.min() >= 0)
            self.assertLessEqual(np.abs(lut - 65536 * np.exp(-np.arange(256) * sc)).max(), 0.5)

    def test_gelu_lut(self):
        for si, so in ((0.05, 0.03), (0.01, 0.001), (0.2, 0.05)):
            lut = ex.gelu_lut(si, so).astype(np.int64)
            v = np.arange(-128, 128) * si
            g = np.array([0.5 * t * (1 + math.erf(t / math.sqrt(2))) for t in v]) / so
            inside = np.abs(g) < 127
            self.assertLessEqual(np.abs(lut[inside] - g[inside]).max(), 0.5 + 1e-9)
            self.assertTrue(np.all(lut[~inside] == np.clip(np.rint(g[~inside]), -128, 127)))

    def test_ln_params(self):
        rng = np.random.default_rng(3)
        gamma, beta = rng.normal(1, 0.3, 64), rng.normal(0, 0.5, 64)
        eps_q, s, g, b = ex.ln_params(gamma, beta, 0.05, 0.03, 64, 1e-5, "t")
        self.assertEqual(eps_q, round(1e-5 * 64 * 64 / 0.05 ** 2))
        self.assertTrue(0 <= s <= 62 and np.abs(g).max() < 2 ** 31 and np.abs(b).max() < 2 ** 31)
        self.assertTrue(max(np.abs(g).max(), np.abs(b).max()) >= 2 ** 30 or s == 62)
        # meaning: g = gamma / s_out * 2^(s-16) and b = beta / s_out * 2^s, rounded
        self.assertLessEqual(np.abs(g - gamma / 0.03 * 2.0 ** (s - 16)).max(), 0.5)
        self.assertLessEqual(np.abs(b - beta / 0.03 * 2.0 ** s).max(), 0.5)


class CommittedSplit(unittest.TestCase):
    def test_split(self):
        te_img, te_lab = vd.load_dataset(os.path.join(DIGITS, "data"))
        tr_img, tr_lab = vd.load_dataset(os.path.join(DIGITS, "data-train"))
        self.assertEqual(te_img.shape, (360, 1, 8, 8))
        self.assertEqual(tr_img.shape, (1437, 1, 8, 8))
        for a in (te_img, tr_img):
            self.assertTrue(a.min() >= 0 and a.max() <= 16)
        with open(os.path.join(DIGITS, "data", "split.json")) as f:
            sj = json.load(f)
        tr, te = sj["split"]["train_indices"], sj["split"]["test_indices"]
        self.assertEqual(sorted(tr + te), list(range(1797)))
        self.assertEqual(len(te), 360)
        self.assertEqual(sj["split"]["seed"], vd.SPLIT_SEED)
        # stratified: every class within one image of 20% of its total
        tot = np.bincount(np.concatenate([te_lab, tr_lab]), minlength=10)
        self.assertLessEqual(np.abs(np.bincount(te_lab, minlength=10) - 0.2 * tot).max(), 1.0)
        for part in ("data", "data-train"):
            with open(os.path.join(DIGITS, part, "split.json")) as f:
                self.assertEqual(json.load(f)["split"], sj["split"])


class CommittedModels(unittest.TestCase):
    """Integer top-1 and logits of every committed model equal its record."""

    @classmethod
    def setUpClass(cls):
        cls.rec = load_record()
        cls.images, cls.labels = vd.load_dataset(os.path.join(DIGITS, "data"))

    def check_model(self, tag, lists):
        m = intemu.Model(os.path.join(MODELS, tag))
        r = self.rec["models"][tag]
        depth = m.keys["depth"]
        for text in lists:
            rmap = vd.resolve_reuse(vd.parse_reuse(text, depth), depth)
            lg = m.forward(self.images, rmap)
            acc = 100.0 * int((lg.argmax(1) == self.labels).sum()) / len(self.labels)
            self.assertEqual(acc, r["int_top1"][text], f"{tag} reuse {text}")
            if text in r["int_logits_sha256"]:
                self.assertEqual(logits_hash(lg), r["int_logits_sha256"][text], f"{tag} reuse {text}")

    def test_vit_digits(self):
        self.check_model("vit-digits", ["none", "1,3,5", "5:0", "1,2,3,4,5"])
        with open(os.path.join(DIGITS, "model.json")) as f:
            js = json.load(f)
        self.assertEqual(len(js["reuse_pairs"]), 15)

    def test_dedicated(self):
        for tag, r in self.rec["models"].items():
            if tag != "vit-digits":
                self.check_model(tag, [r["reuse"]])

    def test_float_target(self):
        r = self.rec["models"]["vit-digits"]
        self.assertGreaterEqual(r["float_top1"]["none"], 97.0)
        self.assertLessEqual(abs(r["int_top1"]["none"] - r["float_top1"]["none"]), 1.0)

    def test_detects_a_changed_weight(self):
        """The hash check fails when one weight of one layer changes by one."""
        tmp = tempfile.mkdtemp(prefix="test-train.")
        try:
            d = os.path.join(tmp, "m")
            shutil.copytree(DIGITS, d, ignore=shutil.ignore_patterns("data", "data-train"))
            f = os.path.join(d, "enc03.fc2.w.npy")
            w = np.load(f)
            w[5, 7] = w[5, 7] + 1 if w[5, 7] < 127 else 126
            np.save(f, w)
            lg = intemu.Model(d).forward(self.images, {})
            self.assertNotEqual(logits_hash(lg), self.rec["models"]["vit-digits"]["int_logits_sha256"]["none"])
        finally:
            shutil.rmtree(tmp)


LOSSLESS = {"tile": {"rows": 64, "outs": 8, "w_bits": 8, "cell_bits": 2, "x_bits": 8,
                     "adc_bits": 8, "cols_per_adc": 8}}


class AgainstContractImplementations(unittest.TestCase):
    """intemu (the flow's fast lossless-tile evaluator) gives the logits of the two
    implementations of docs/encoder-int.md on the committed models."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="test-train.")
        cls.chip = os.path.join(cls.tmp, "lossless.json")
        with open(cls.chip, "w") as f:
            json.dump(LOSSLESS, f)
        images, _ = vd.load_dataset(os.path.join(DIGITS, "data"))
        cls.images = images[:24]
        cls.input = os.path.join(cls.tmp, "images.npy")
        np.save(cls.input, cls.images)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def emu(self, model_dir, text, images):
        m = intemu.Model(model_dir)
        d = m.keys["depth"]
        return m.forward(images, vd.resolve_reuse(vd.parse_reuse(text, d), d))

    def test_trex_infer(self):
        trex = os.environ.get("TREX")
        if not trex:
            self.skipTest("TREX not set")
        for tag, text in (("vit-digits", "none"), ("vit-digits", "2,4:1,5:0"),
                          ("vit-digits-r1-2-3-4-5", "1,2,3,4,5")):
            out = subprocess.run([trex, "infer", "--model", os.path.join(MODELS, tag), "--input", self.input,
                                  "--chip", self.chip, "--reuse", text, "--json"],
                                 check=True, capture_output=True, text=True).stdout
            got = np.array([r["logits"] for r in json.loads(out)["results"]])
            self.assertTrue(np.array_equal(got, self.emu(os.path.join(MODELS, tag), text, self.images)),
                            f"{tag} reuse {text}")

    def test_intref(self):
        import intref
        m = intref.load_model(DIGITS)
        tile = intref.load_tile(self.chip)
        for text in ("none", "3:1,5"):
            lg = intref.run(m, tile, self.images[:6], intref.resolve_reuse(text, m["D"], m["pairs"]),
                            lambda *a: None)
            self.assertTrue(np.array_equal(lg, self.emu(DIGITS, text, self.images[:6])), text)


if __name__ == "__main__":
    unittest.main()
