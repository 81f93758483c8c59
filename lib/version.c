/* SPDX-License-Identifier: Apache-2.0 */
#include "ach/version.h"

int ach_version_number(void) { return ACH_VERSION_NUMBER; }

const char *ach_version_string(void) { return ACH_VERSION_STRING; }
