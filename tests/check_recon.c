#include "testing.h"
static Suite *recon_suite(void) { Suite *s = suite_create("recon"); return s; }
ACH_TEST_MAIN(recon_suite)
