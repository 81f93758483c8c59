# SPDX-License-Identifier: Apache-2.0
"""Every ``ach_status`` as one exception class hierarchy.

The classes are made from the loaded library's own table (``ach_status_name``), so a status
added to libach gets its class without a change here: ``ACH_EROUTING_CHECKSUM`` becomes
``libach.RoutingChecksumError``, under the family of its range (``ValidationError`` for
-100..-199, and so on, as include/ach/error.h pins them).
"""
from __future__ import annotations

from typing import Dict, Optional, Type

from ._ffi import ffi, lib


class Error(Exception):
    """A libach call failed.

    Attributes: ``status`` (the negative ``ach_status`` number), ``name`` (such as
    ``"ACH_EROUTING_CHECKSUM"``), ``field`` (the field or argument at fault, ``""`` when none),
    ``line`` and ``column`` (1-based, 0 when not applicable), ``source`` (a file name, when
    known) and ``message`` (a sentence naming what is wrong; never an account number).
    """

    def __init__(self, status: int, message: str = "", field: str = "", line: int = 0,
                 column: int = 0, source: str = "") -> None:
        self.status = status
        self.name = ffi.string(lib.ach_status_name(status)).decode()
        self.message = message or ffi.string(lib.ach_status_str(status)).decode()
        self.field = field
        self.line = line
        self.column = column
        self.source = source
        # as ach_error_format(): "source:line:column: field: message", empty parts left out
        where = ":".join(str(p) for p in (source, line, column if line else 0) if p)
        if column and not line:
            where += f"{':' if where else ''}column {column}"
        text = f"{field}: {self.message}" if field else self.message
        super().__init__(f"{where}: {text}" if where else text)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # rebuilt from its parts, not from the formatted text (errors cross Dask workers)
        return (type(self), (self.status, self.message, self.field, self.line, self.column,
                             self.source))


Error.__module__ = "libach"


class ValidationError(Error):
    """A routing number, an account number or a name is refused (statuses -100..-199)."""


class RuleError(Error):
    """A payment rule refused the operation (statuses -200..-299)."""


class LedgerError(Error):
    """A ledger or reconciliation input is refused (statuses -300..-399)."""


class NachaError(Error):
    """A NACHA file is refused (statuses -400..-499)."""


class FinancialConnectionsError(Error):
    """Financial Connections data is refused (statuses -500..-599)."""


class StateError(Error):
    """An engine snapshot is refused (statuses -600..-699)."""


for _family in (ValidationError, RuleError, LedgerError, NachaError, FinancialConnectionsError,
                StateError):
    _family.__module__ = "libach"

_FAMILIES = ((-699, -600, StateError), (-599, -500, FinancialConnectionsError),
             (-499, -400, NachaError), (-399, -300, LedgerError), (-299, -200, RuleError),
             (-199, -100, ValidationError))

CLASSES: Dict[int, Type[Error]] = {}


# names that the rule below would make unclear or clash with a builtin or a family
_NAMES = {"ACH_EINVAL": "InvalidArgumentError", "ACH_ENOMEM": "OutOfMemoryError",
          "ACH_EOVERFLOW": "ArithmeticOverflowError", "ACH_EBUFS": "BufferTooSmallError",
          "ACH_EIO": "InputError", "ACH_ENACHA": "NachaFileError",
          "ACH_EFC": "FinancialConnectionsDataError", "ACH_ESTATE": "SnapshotError",
          "ACH_EPERMISSION": "NotPermittedError", "ACH_ENOTFOUND": "NotFoundError",
          "ACH_ETOOLONG": "TooLongError", "ACH_ENAME_TOOLONG": "NameTooLongError",
          "ACH_ENOMANDATE": "NoMandateError"}


def _class_name(status_name: str) -> str:
    # ACH_EROUTING_CHECKSUM -> RoutingChecksumError
    if status_name in _NAMES:
        return _NAMES[status_name]
    base = status_name[len("ACH_"):]
    if base.startswith("E"):
        base = base[1:]
    return "".join(part.capitalize() for part in base.split("_")) + "Error"


def _make_classes() -> None:
    for status in range(-1, -1000, -1):
        name = ffi.string(lib.ach_status_name(status)).decode()
        if name == "ACH_UNKNOWN" or name == "ACH_LEDGER_END":
            continue
        family = next((cls for lo, hi, cls in _FAMILIES if lo <= status <= hi), Error)
        doc = ffi.string(lib.ach_status_str(status)).decode()
        cls = type(_class_name(name), (family,), {"__doc__": f"{name} ({status}): {doc}.",
                                                   "__module__": "libach"})
        CLASSES[status] = cls


_make_classes()


def raise_for(status: int, err: Optional[object] = None) -> None:
    """Raises the class of ``status`` with the details of the ``ach_error *`` ``err``."""
    cls = CLASSES.get(status, Error)
    if err is None:
        raise cls(status)
    raise cls(status, ffi.string(err.message).decode("utf-8", "replace"),
              ffi.string(err.field).decode("utf-8", "replace"), int(err.line), int(err.column),
              ffi.string(err.source).decode("utf-8", "replace"))


def check(status: int, err: Optional[object] = None) -> None:
    """Raises unless ``status`` is ACH_OK."""
    if status != 0:
        raise_for(status, err)
