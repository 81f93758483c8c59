# SPDX-License-Identifier: Apache-2.0
"""Routing numbers, account numbers and names (R-ACC-2, R-ACC-3)."""
from __future__ import annotations

from . import _convert as cv
from ._errors import check
from ._ffi import ffi, lib

_NORMALIZED_MAX = 2 * 1024 + 1  # ACH_NAME_NORMALIZED_MAX
_FIT_SIZE = 23                  # ACH_NAME_FIT_SIZE


def check_routing(routing: str) -> None:
    """Raises a ``libach.ValidationError`` subclass (``RoutingChecksumError``, ...) unless
    ``routing`` is a routing number that can take part in ACH (R-ACC-2)."""
    b = cv.text(routing, "routing")
    err = ffi.new("ach_error *")
    check(lib.ach_routing_validate(b, len(b), err), err)


def check_account(routing: str, number: str) -> None:
    """Raises unless ``routing`` and the account ``number`` (4-17 digits) are valid
    (R-ACC-2). The error never repeats the account number."""
    check_routing(routing)
    b = cv.text(number, "number")
    err = ffi.new("ach_error *")
    check(lib.ach_account_number_validate(b, len(b), err), err)


def normalize_name(name: str, company: bool = False, fit: bool = True) -> str:
    """The Nacha-safe form of a holder's name (transliterated, uppercase ASCII, R-ACC-3),
    fitted to the 22-character field of an individual or, with ``company=True``, a company.
    ``fit=False`` gives the whole normalised name, without the width limit."""
    if not isinstance(company, bool):
        raise TypeError(f"company must be bool, not {type(company).__name__}")
    if not isinstance(fit, bool):
        raise TypeError(f"fit must be bool, not {type(fit).__name__}")
    b = cv.text(name, "name")
    err = ffi.new("ach_error *")
    if fit:
        out = ffi.new("char[]", _FIT_SIZE)
        check(lib.ach_name_fit(out, _FIT_SIZE, ffi.NULL, b, len(b), 2 if company else 1, err),
              err)
    else:
        out = ffi.new("char[]", _NORMALIZED_MAX)
        check(lib.ach_name_normalize(out, _NORMALIZED_MAX, ffi.NULL, b, len(b), err), err)
    return ffi.string(out).decode()
