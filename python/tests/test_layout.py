# SPDX-License-Identifier: Apache-2.0
"""The struct layouts of python/libach/_ffi.py are those of the headers: tests/python_layout
(a C program built by `make check`) prints sizes and member offsets as the compiler lays them
out; cffi's must be the same. Also: every struct of _ffi.py is checked there."""
import os
import subprocess

import pytest

from conftest import BUILD
from libach._ffi import ffi


def c_layout():
    prog = os.environ.get("LIBACH_LAYOUT") or str(BUILD / "tests" / "python_layout")
    if not os.path.exists(prog):
        pytest.skip(f"{prog} not built (make check builds it)")
    out = subprocess.run([prog], capture_output=True, text=True, check=True).stdout
    return dict(line.split() for line in out.splitlines())


def test_sizes_and_offsets_match_the_compiler():
    layout = c_layout()
    assert len(layout) > 100
    for key, value in layout.items():
        if "." in key:
            struct, member = key.split(".")
            assert ffi.offsetof(struct, member) == int(value), key
        else:
            assert ffi.sizeof(key) == int(value), key


def test_every_declared_struct_is_checked():
    layout = c_layout()
    from libach._ffi import CDEF
    import re
    declared = set(re.findall(r"\}\s*(ach_\w+);", CDEF))
    assert declared - {"ach_balance", "ach_return_rate"} <= set(layout), \
        declared - set(layout)
