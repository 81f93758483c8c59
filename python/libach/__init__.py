# SPDX-License-Identifier: Apache-2.0
"""libach for Python: US ACH direct-debit rules and ledger reconciliation, over the installed
C library (cffi, ABI mode: nothing to compile).

- ``Calendar`` / ``Calendar.from_ics``: business days, processing dates, closures (R-CAL-*);
- ``check_routing``, ``check_account``, ``normalize_name``: validators (R-ACC-2, R-ACC-3);
- ``Reconciler``: reconcile a ledger (``read``) or rows (``apply``), ``report()`` as the JSON
  report's dict, ``findings()``, ``events()``, ``lookup()``, ``save``/``load`` snapshots;
- ``merge_parts``: add up the reports of several ledgers exactly; ``libach.dask`` runs that
  over a Dask cluster;
- every failure is a ``libach.Error`` (``status``, ``field``, ``line``, ``column``,
  ``message``), one subclass per ``ach_status``; a Python value of the wrong type raises
  ``TypeError`` before reaching C.

Set ``LIBACH_LIBRARY`` to a libach.so path to use another build than the installed one.
"""
from __future__ import annotations

from ._calendar import Calendar, Holiday
from ._errors import (CLASSES, Error, FinancialConnectionsError, LedgerError, NachaError,
                      RuleError, StateError, ValidationError)
from ._merge import merge_parts
from ._recon import COLUMNS, Reconciler
from ._validate import check_account, check_routing, normalize_name

# one class per status, such as libach.RoutingChecksumError
globals().update({cls.__name__: cls for cls in CLASSES.values()})

__all__ = ["Calendar", "Holiday", "Error", "ValidationError", "RuleError", "LedgerError",
           "NachaError", "FinancialConnectionsError", "StateError", "Reconciler", "COLUMNS",
           "merge_parts", "check_routing", "check_account", "normalize_name"]
__all__ += sorted(cls.__name__ for cls in CLASSES.values())
__version__ = "0.2.0"
