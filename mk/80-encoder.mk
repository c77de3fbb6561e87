# Integer ViT encoder with attention reuse (issue 11; docs/encoder-int.md):
# trex infer / trex modelgen against the NumPy reference scripts/vit/intref.py
# (bit for bit, every op), bad model directories, -O0/-O2 determinism, and
# the error sweeps of the softmax, LayerNorm and GELU methods against float.
# Takes from the Makefile: TREX, LIBTREX, OBJ, BUILD, CFLAGS_BASE, LDLIBS, SAN.

ENC_PY     := /usr/bin/python3
ENC_O0     := $(BUILD)/o0/bin/trex
ENC_SWEEP  := $(BUILD)/encoder/enc_errsweep

.PHONY: infer-check infer-check-long enc-errors enc-o0 test-encoder

# the whole library and CLI at -O0 (for the determinism check)
enc-o0:
	@$(MAKE) --no-print-directory SAN=0 OBJ=$(BUILD)/o0 BIN=$(BUILD)/o0/bin \
	  CFLAGS="$(CFLAGS_BASE) -O0" build > /dev/null

# intref.py against trex infer --dump: 4 shapes x lossless/lossy x 3 reuse lists
infer-check: $(TREX)
	@bash tests/encoder/run-intref.sh $(TREX) quick

# the same on 5 shapes x 4 tiles x 3 reuse lists x 3 seeds, 8 images each
infer-check-long: $(TREX)
	@nice -n 10 bash tests/encoder/run-intref.sh $(TREX) long

$(ENC_SWEEP): tests/encoder/enc_errsweep.c $(LIBTREX)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBTREX) $(LDLIBS)

# worst error against float of softmax, LayerNorm and GELU (section 11)
enc-errors: $(ENC_SWEEP)
	@# a private temporary per run (two runs at once shared one: one mv failed; H152)
	@t=$(BUILD)/encoder/errors.md.tmp.$$$$; trap 'rm -f "$$t"' EXIT INT TERM HUP; \
	  $(ENC_SWEEP) > "$$t" && mv -f "$$t" $(BUILD)/encoder/errors.md
	@cat $(BUILD)/encoder/errors.md
	@echo "enc-errors: $(BUILD)/encoder/errors.md"

test-encoder: $(TREX)
	@bash tests/encoder/run-bad-models.sh $(TREX)
	@bash tests/encoder/run-intref.sh $(TREX) quick
ifneq ($(SAN),1)
	@$(MAKE) --no-print-directory enc-o0
	@bash tests/encoder/run-determinism.sh $(TREX) $(ENC_O0)
endif

TEST_TARGETS += test-encoder

help::
	@echo "make infer-check     intref.py (from docs/encoder-int.md) vs trex infer --dump, every op bit for bit"
	@echo "make infer-check-long  the same on 5 shapes x 4 tiles x 3 reuse lists x 3 seeds"
	@echo "make enc-errors      worst error vs float of softmax, LayerNorm, GELU -> build/encoder/errors.md"
	@echo "make test-encoder    bad model directories, infer-check, -O0/-O2 determinism"
	@echo "make enc-o0          the library and CLI at -O0 -> $(BUILD)/o0/bin/trex (for the determinism check)"
