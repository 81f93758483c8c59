/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the libFuzzer harnesses that check promises (fuzz_ledger.c, fuzz_recon.c): define
 * FUZZ_NAME before including. check() aborts with the broken promise, so libFuzzer keeps the
 * input. With -DACH_FUZZ_STANDALONE a harness gets a main() that runs the files named on the
 * command line, for reproducing a crash without libFuzzer. */
#ifndef ACH_FUZZ_UTIL_H
#define ACH_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "%s: broken promise: %s\n", FUZZ_NAME, what);
        abort();
    }
}

#ifdef ACH_FUZZ_STANDALONE
int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        rewind(f);
        uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
        size_t got = buf ? fread(buf, 1, (size_t)(n > 0 ? n : 0), f) : 0;
        fclose(f);
        LLVMFuzzerTestOneInput(buf, got);
        free(buf);
    }
    return 0;
}
#endif

#endif /* ACH_FUZZ_UTIL_H */
