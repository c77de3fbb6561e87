/* fuzz_util: shared helpers of the libFuzzer harnesses.
 *
 * The readers under test take paths, so every harness puts its input into
 * files and calls the reader on them. To keep the disk out of the loop (a
 * write per input on ext4 ran ~30x slower than memory), each file is a memfd
 * made once per process, reached through a symlink of a private directory
 * (build/fuzz/work/h.XXXXXX/NAME -> /proc/PID/fd/N, removed at exit): every
 * input rewrites the memfds in place and the readers see ordinary paths. */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* The process's work directory (created on first use; aborts on failure). */
const char *fuzz_workdir(void);

/* Replaces the contents of file slot `slot` (0..7, named `name` on first use)
 * with data[0..n) and returns its path WORKDIR/name. Aborts on failure. */
const char *fuzz_put(int slot, const char *name, const uint8_t *data, size_t n);

/* Splits data at the separator line "\n%%\n" into at most `max` parts
 * (pointers into data, lengths in len[]). Returns the number of parts. */
int fuzz_split(const uint8_t *data, size_t n, const uint8_t **part, size_t *len,
               int max);

/* The libFuzzer entry point every harness defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
