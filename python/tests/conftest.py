# SPDX-License-Identifier: Apache-2.0
"""Paths of the source tree the tests read, and the `ach` tool to compare with.
ACH_TOP_SRCDIR / ACH_TOP_BUILDDIR come from `make check` (tests/python.sh); LIBACH_LIBRARY
points the binding at the just-built library."""
import os
import pathlib
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
TOP = pathlib.Path(os.environ.get("ACH_TOP_SRCDIR") or HERE.parent.parent)
BUILD = pathlib.Path(os.environ.get("ACH_TOP_BUILDDIR", TOP / "build"))
if not os.environ.get("LIBACH_TEST_INSTALLED"):  # else the installed package (tests/python.sh)
    sys.path.insert(0, str(HERE.parent))


@pytest.fixture
def sample() -> pathlib.Path:
    return TOP / "data" / "samples" / "ledger.csv"


@pytest.fixture
def ach_tool() -> pathlib.Path:
    path = BUILD / "tools" / "ach"
    if not path.exists():
        pytest.skip(f"{path} not built")
    return path
