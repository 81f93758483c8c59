# SPDX-License-Identifier: Apache-2.0
"""The reconciliation engine (SPEC §10, §11): ``Reconciler``."""
from __future__ import annotations

import datetime as _dt
import functools
import io
import os
import tempfile
import threading
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Tuple, TypeVar, Union

from . import _convert as cv
from . import _report
from ._calendar import Calendar
from ._errors import check
from ._ffi import ffi, lib

COLUMNS = ("time", "type", "id", "ref", "amount", "currency", "routing", "account_number",
           "holder_name", "holder_type", "code", "detail")
_HEADER = (",".join(COLUMNS) + "\n").encode()
_HEADER_LINE = 1  # the one-row buffer of apply(): header on line 1, the row on line 2
_REC_SIZE = ffi.sizeof("ach_ledger_record")
_REPORT_SIZE = ffi.sizeof("ach_recon_report")
_KEEP_DEFAULT = 100000  # as `ach reconcile`: findings kept and listed
_VERDICTS = ("applied", "flagged", "rejected")
_OBJECT_TYPES = {"account": 1, "mandate": 2, "charge": 3, "refund": 4, "dispute": 5}
_ELEDGER_RECORD = -301
_EUNKNOWN_ID = -303

FeesArg = Union[None, str, Mapping[str, int]]
PathArg = Union[str, "os.PathLike[str]"]


F = TypeVar("F", bound=Callable[..., Any])


def _locked(method: F) -> F:
    """Serialises the calls on one engine: cffi releases the GIL during C calls, and an engine
    must be used by one thread at a time (ach/recon.h), so two Python threads sharing a
    Reconciler wait for each other instead of racing inside C."""
    @functools.wraps(method)
    def call(self: "Reconciler", *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)
    return call  # type: ignore[return-value]


def _path(value: object, name: str = "path") -> bytes:
    """A file path for C: str or os.PathLike, without NUL (C would stop there: another file)."""
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be str or os.PathLike, not {type(value).__name__}")
    b = os.fsencode(value)
    if b"\0" in b:
        raise ValueError(f"{name} contains a NUL character")
    return b


def _fee_schedule(fees: FeesArg) -> Tuple[Any, Optional[Tuple[int, int, int, int, int]]]:
    """An ``ach_fee_schedule *`` (NULL for the default) from None, the text of a fee file
    (``rate 0.8%`` ... as ``ach reconcile --fees``) or a dict of its members in cents."""
    if fees is None:
        return ffi.NULL, None
    err = ffi.new("ach_error *")
    out = ffi.new("ach_fee_schedule *")
    if isinstance(fees, str):
        b = cv.text(fees, "fees")
        check(lib.ach_fee_schedule_parse(out, b, len(b), err), err)
    elif isinstance(fees, Mapping):
        base = lib.ach_fee_schedule_default()
        members = {"rate_ppm": base.rate_ppm, "fixed": base.fixed, "cap": base.cap,
                   "failure_fee": base.failure_fee, "dispute_fee": base.dispute_fee}
        for key, value in fees.items():
            if key not in members:
                raise ValueError(f"fees: unknown member {key!r} (one of {', '.join(members)})")
            members[key] = cv.integer(value, f"fees[{key!r}]", -(2 ** 63), 2 ** 63 - 1)
        if not 0 <= members["rate_ppm"] <= 2 ** 32 - 1:
            raise ValueError("fees['rate_ppm'] must be 0..4294967295")
        out.rate_ppm = members["rate_ppm"]
        out.fixed, out.cap = members["fixed"], members["cap"]
        out.failure_fee, out.dispute_fee = members["failure_fee"], members["dispute_fee"]
        check(lib.ach_fee_schedule_check(out, err), err)
    else:
        raise TypeError(f"fees must be None, str or a mapping, not {type(fees).__name__}")
    return out, (out.rate_ppm, out.fixed, out.cap, out.failure_fee, out.dispute_fee)


def _csv_field(value: object, key: str) -> bytes:
    if value.__class__ is str:  # the common case first: a plain str
        if "," in value or '"' in value or "\n" in value or "\r" in value:  # type: ignore
            return b'"' + value.encode("utf-8", "surrogatepass").replace(b'"', b'""') + b'"'  # type: ignore
        return value.encode("utf-8", "surrogatepass")  # type: ignore[attr-defined]
    if value is None:
        return b""
    if isinstance(value, bool):
        raise TypeError(f"row[{key!r}] must be str, int or datetime, not bool")
    if isinstance(value, int):
        return str(value).encode()
    if isinstance(value, _dt.datetime):
        return cv.instant_text(value).encode()
    b = cv.text(value, f"row[{key!r}]")  # a str subclass, or TypeError
    if any(c in b for c in (b",", b'"', b"\n", b"\r")):
        return b'"' + b.replace(b'"', b'""') + b'"'
    return b


def _event_dict(ev: Any) -> Dict[str, Any]:
    s = _report.cstr
    return {"type": _report.name(lib.ach_event_type_name, ev.type),
            "created": _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
            + _dt.timedelta(seconds=ev.created),
            "business_date": cv.from_date(ev.business_date), "id": s(ev.id),
            "charge": s(ev.charge), "customer": s(ev.customer), "amount": int(ev.amount),
            "amount_refunded": int(ev.amount_refunded), "status": s(ev.status),
            "failure_code": s(ev.failure_code), "failure_message": s(ev.failure_message),
            "reason": s(ev.reason), "return_code": s(ev.return_code), "flags": int(ev.flags),
            "line": int(ev.line), "from_return": bool(ev.from_return),
            "resolve_by": cv.from_date(ev.resolve_by), "available_on": cv.from_date(ev.available_on),
            "dispute_deadline": cv.from_date(ev.dispute_deadline),
            "refund_expected_from": cv.from_date(ev.refund_expected_from),
            "refund_expected_by": cv.from_date(ev.refund_expected_by),
            "descriptor": s(ev.descriptor)}


class Reconciler:
    """A reconciliation engine: ledger records in file order, each applied through the payment
    rules or rejected with a finding; a report as of any date; snapshots to resume from.

    ``fees``: None (the default schedule), the text of a fee file, or a dict with some of
    ``rate_ppm``, ``fixed``, ``cap``, ``failure_fee``, ``dispute_fee`` (cents; the rest
    default). ``calendar``: a ``Calendar`` (default: the Federal Reserve's). ``keep_events``:
    collect every event for ``events()`` (costs a Python call per event: leave it off for big
    ledgers; the report counts events either way). ``max_findings``: findings kept and listed
    (default 100000, as ``ach reconcile``; None keeps all; the counts always cover all).
    ``verify_within_days``: R-ACC-4b's threshold (0: the default, 10). ``hash_seed``: seed
    the engine's hash tables (give a random one for hostile input; results never depend on it).

    One engine is used by one thread at a time; engines are independent. Picklable (through a
    snapshot), so Dask can move one between workers.
    """

    def __init__(self, fees: FeesArg = None, calendar: Optional[Calendar] = None, *,
                 keep_events: bool = False, max_findings: Optional[int] = _KEEP_DEFAULT,
                 verify_within_days: int = 0, hash_seed: int = 0) -> None:
        self._setup(fees, calendar, keep_events, max_findings, verify_within_days, hash_seed)
        out = ffi.new("ach_recon **")
        err = ffi.new("ach_error *")
        check(lib.ach_recon_new(out, self._calendar._ptr, self._opts, err), err)
        self._engine = ffi.gc(out[0], lib.ach_recon_free)

    def _setup(self, fees: FeesArg, calendar: Optional[Calendar], keep_events: bool,
               max_findings: Optional[int], verify_within_days: int, hash_seed: int) -> None:
        if calendar is None:
            calendar = Calendar()
        if not isinstance(calendar, Calendar):
            raise TypeError(f"calendar must be a libach.Calendar, not {type(calendar).__name__}")
        if not isinstance(keep_events, bool):
            raise TypeError(f"keep_events must be bool, not {type(keep_events).__name__}")
        keep = 2 ** 64 - 1 if max_findings is None else cv.integer(
            max_findings, "max_findings", 0, 2 ** 64 - 1)
        self._fees_ptr, self._fees = _fee_schedule(fees)
        self._calendar = calendar
        self._keep = keep
        self._keep_events = keep_events
        self._verify = cv.integer(verify_within_days, "verify_within_days", 0, 2 ** 32 - 1)
        self._seed = cv.integer(hash_seed, "hash_seed", 0, 2 ** 64 - 1)
        self._events: List[Dict[str, Any]] = []
        self._source = "<rows>"
        self._bytes = 0
        self._unknown: List[str] = []
        self._line = _HEADER_LINE
        self._lock = threading.RLock()
        self._apply_mem: Optional[Tuple[Any, ...]] = None
        opts = ffi.new("ach_recon_options *")
        opts.version = 3  # ACH_RECON_OPTIONS_VERSION with `threads`
        opts.fees = self._fees_ptr
        opts.max_findings = keep
        opts.hash_seed = self._seed
        opts.verify_within_days = self._verify
        opts.threads = 1  # the callbacks into Python stay on one thread
        if keep_events:
            events = self._events

            def on_event(_ctx: Any, ev: Any) -> None:
                events.append(_event_dict(ev))

            self._on_event = ffi.callback("ach_event_fn", on_event)
            opts.on_event = self._on_event
        self._opts = opts

    # ---- input ---------------------------------------------------------------------------

    @_locked
    def read(self, source: Union[PathArg, io.IOBase, Any]) -> None:
        """Reads a whole ledger (SPEC §10 CSV) and applies or rejects every record; the work
        stays in C. ``source`` is a path, or a binary or text file object (read whole into
        memory). Raises ``libach.LedgerHeaderError`` for a bad header, ``libach.IoError``
        when the file cannot be read; malformed records are findings, not exceptions."""
        out = ffi.new("ach_ledger_reader **")
        err = ffi.new("ach_error *")
        keepalive = None
        if isinstance(source, (str, os.PathLike)):
            name = os.fsdecode(source)
            check(lib.ach_ledger_reader_open_file(out, _path(source), err), err)
        elif hasattr(source, "read"):
            data = source.read()
            if isinstance(data, str):
                data = data.encode("utf-8", "surrogatepass")
            if not isinstance(data, (bytes, bytearray)):
                raise TypeError(f"source.read() returned {type(data).__name__}, not bytes")
            name = str(getattr(source, "name", "<stream>"))
            keepalive = ffi.from_buffer(bytes(data))
            check(lib.ach_ledger_reader_open_buffer(out, keepalive, len(keepalive),
                                                    cv.text(name, "name"), err), err)
        else:
            raise TypeError(f"source must be a path or a file object, not "
                            f"{type(source).__name__}")
        reader = ffi.gc(out[0], lib.ach_ledger_reader_free)
        status = lib.ach_recon_read(self._engine, reader, err)
        stats = ffi.new("ach_ledger_stats *")
        lib.ach_ledger_reader_stats(stats, reader)
        cols = ffi.new("ach_ledger_unknown_column **")
        n = lib.ach_ledger_reader_unknown_columns(cols, reader)
        self._unknown = [_report.cstr(cols[0][i].name) for i in range(n)]
        self._source, self._bytes = name, int(stats.bytes)
        self._line = max(self._line, int(stats.lines))  # rows applied next follow the file
        del keepalive
        check(status, err)

    @_locked
    def apply(self, row: Mapping[str, object]) -> str:
        """Applies one ledger row, a dict of the SPEC §10 columns (``time`` a ``datetime`` or
        ``YYYY-MM-DDTHH:MM:SSZ``, ``amount`` an int of cents, the rest str; missing or None
        columns are empty). Returns ``"applied"``, ``"flagged"`` or ``"rejected"``: a refused
        row is a finding, not an exception. Findings name the row as line 2, 3, ... (line 1
        being the header), counting every row given to this engine."""
        if not isinstance(row, Mapping):
            raise TypeError(f"row must be a mapping, not {type(row).__name__}")
        for key in row:
            if not isinstance(key, str):
                raise TypeError(f"row keys must be str, not {type(key).__name__}")
            if key not in COLUMNS:
                raise ValueError(f"row: unknown column {key!r} (the columns: "
                                 f"{', '.join(COLUMNS)})")
        get = row.get
        fields = [_csv_field(get(key), key) for key in COLUMNS]
        buf = _HEADER + b",".join(fields) + b"\n"
        if self._apply_mem is None:  # allocated once per engine: the calls are serialised
            self._apply_mem = (ffi.new("ach_ledger_reader **"), ffi.new("ach_error *"),
                               ffi.new("ach_ledger_record *"), ffi.new("int *"),
                               ffi.new("ach_error *"))
        out, err, rec, verdict, err2 = self._apply_mem
        check(lib.ach_ledger_reader_open_buffer(out, buf, len(buf), b"<rows>", err), err)
        try:
            status = lib.ach_ledger_next_sized(rec, _REC_SIZE, out[0], err)
            return self._apply_record(status, rec, err, verdict, err2)
        finally:
            lib.ach_ledger_reader_free(out[0])

    def _apply_record(self, status: int, rec: Any, err: Any, verdict: Any, err2: Any) -> str:
        self._line += 1
        # the row is record n of this engine, not line 2 of its own little buffer
        shift = self._line - (_HEADER_LINE + 1)
        rec.line += shift
        rec.end_line += shift
        rec.index = self._line - _HEADER_LINE
        for i in range(len(COLUMNS)):
            if rec.field[i].line:
                rec.field[i].line += shift
        if status == 0:
            check(lib.ach_recon_apply(verdict, self._engine, rec, err2), err2)
            result = _VERDICTS[verdict[0]]
        elif status == _ELEDGER_RECORD:
            err.line += shift
            check(lib.ach_recon_reject(self._engine, rec, err, err2), err2)
            result = "rejected"
        else:
            check(status, err)
        return result

    # ---- results -------------------------------------------------------------------------

    @_locked
    def _report(self, as_of: Optional[_dt.date]) -> Any:
        day = cv.DATE_NONE if as_of is None else cv.to_date(as_of, "as_of")
        r = ffi.new("ach_recon_report *")
        err = ffi.new("ach_error *")
        check(lib.ach_recon_report_compute_sized(r, _REPORT_SIZE, self._engine, day, err), err)
        return r

    @property
    def last_date(self) -> Optional[_dt.date]:
        """The UTC date of the latest applied record: the default report date."""
        return cv.from_date(self._report(None).last_date)

    @_locked
    def report(self, as_of: Optional[_dt.date] = None) -> Dict[str, Any]:
        """The report as of ``as_of`` (default: the last date of the ledger), as a dict with
        the keys of ``ach reconcile --json`` (docs/schema/report.schema.json): dates as
        ``YYYY-MM-DD`` strings, money in cents."""
        r = self._report(as_of)
        lists = _report.engine_lists(self._engine, r.as_of, self._keep)
        return _report.build(r, self._source, self._bytes, self._unknown, lists,
                             list(self.findings()))

    @_locked
    def report_part(self, as_of: Optional[_dt.date] = None) -> Dict[str, Any]:
        """What merging needs of this engine's report as of ``as_of``: the raw C report
        (bytes), its date (``as_of``, a ``datetime.date``, None for an engine without a
        record), the balance by date and the retries; see ``libach.merge_parts``."""
        r = self._report(as_of)
        return {"report": bytes(ffi.buffer(r)), "as_of": cv.from_date(r.as_of),
                "days": _report.days_of(self._engine, r.as_of),
                "retries": _report.retries_of(self._engine, r.as_of)}

    def findings(self) -> Iterator[Dict[str, Any]]:
        """The findings kept, in the order they were made, as the JSON report lists them
        (``line``, ``column``, ``kind``, ``severity``, ``type``, ``id``, ``message``)."""
        f = ffi.new("ach_recon_finding *")
        err = ffi.new("ach_error *")
        i = 0
        while True:
            with self._lock:  # the strings are the engine's until the next record
                if lib.ach_recon_finding_get(f, self._engine, i, err) != 0:
                    return
                item = self._finding(f)
            yield item
            i += 1

    @staticmethod
    def _finding(f: Any) -> Dict[str, Any]:
        item: Dict[str, Any] = {"line": int(f.line)} if f.origin == 0 else {
            "file": None, "record": int(f.line)}
        item.update({"column": int(f.column),
                     "kind": _report.name(lib.ach_recon_kind_name, f.kind),
                     "severity": _report.name(lib.ach_recon_severity_name, f.severity),
                     "type": _report.name(lib.ach_ledger_type_name, f.type) if f.type
                     else None,
                     "id": _report.cstr(f.id), "message": _report.cstr(f.message)})
        return item

    def events(self) -> Iterator[Dict[str, Any]]:
        """The events delivered so far, in order (``keep_events=True`` only): dicts with the
        members of ``ach_event`` (``type`` is its SPEC §7 name, dates ``datetime.date``)."""
        if not self._keep_events:
            raise RuntimeError("events are only kept with Reconciler(keep_events=True)")
        return iter(list(self._events))

    @_locked
    def lookup(self, id: str, type: Optional[str] = None) -> Optional[Dict[str, Any]]:
        """The object with this id (of ``type`` ``"account"``, ``"mandate"``, ``"charge"``,
        ``"refund"``, ``"dispute"``; default any, in the order charge, refund, dispute,
        mandate, account), or None. Never an account number: ``last4`` only (R-SEC-1)."""
        b = cv.text(id, "id")
        if type is None:
            kind = 0
        elif not isinstance(type, str):
            raise TypeError(f"type must be str or None, not {type.__class__.__name__}")
        elif type not in _OBJECT_TYPES:
            raise ValueError(f"type must be one of {', '.join(_OBJECT_TYPES)}, not {type!r}")
        else:
            kind = _OBJECT_TYPES[type]
        o = ffi.new("ach_recon_object *")
        err = ffi.new("ach_error *")
        status = lib.ach_recon_lookup(o, self._engine, kind, b, len(b), err)
        if status == _EUNKNOWN_ID:
            return None
        check(status, err)
        s = _report.cstr
        instant = None if o.created == -(2 ** 63) else (
            _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc) + _dt.timedelta(seconds=o.created))
        revoked = None if o.revoked in (-(2 ** 63), 0) else (
            _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc) + _dt.timedelta(seconds=o.revoked))
        return {"type": _report.name(lib.ach_recon_object_type_name, o.type), "id": s(o.id),
                "ref": s(o.ref), "mandate": s(o.mandate), "status": s(o.status),
                "last4": s(o.last4), "test": bool(o.test),
                "failed_attempts": int(o.failed_attempts), "amount": int(o.amount),
                "fee": int(o.fee), "refunded": int(o.refunded), "return_code": s(o.return_code),
                "kind": s(o.kind_name), "flags": int(o.flags), "created": instant,
                "revoked": revoked, "processing": cv.from_date(o.processing),
                "resolve_by": cv.from_date(o.resolve_by),
                "available_on": cv.from_date(o.available_on),
                "refund_deadline": cv.from_date(o.refund_deadline),
                "dispute_window_end": cv.from_date(o.dispute_window_end)}

    # ---- snapshots -----------------------------------------------------------------------

    @_locked
    def to_bytes(self) -> bytes:
        """The engine's whole state as a snapshot (docs/state-format.md)."""
        chunks: List[bytes] = []

        def write(_ctx: Any, data: Any, n: int) -> int:
            chunks.append(bytes(ffi.buffer(data, n)))
            return 0

        cb = ffi.callback("ach_recon_write_fn", write)
        err = ffi.new("ach_error *")
        check(lib.ach_recon_save(self._engine, cb, ffi.NULL, err), err)
        return b"".join(chunks)

    def save(self, path: PathArg) -> None:
        """Writes a snapshot to ``path`` atomically (a temporary file, fsync, rename): a crash
        leaves the old file or the new one, never a torn one."""
        _path(path)
        data = self.to_bytes()
        target = os.fspath(path)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(target)),
                                   prefix=os.path.basename(target) + ".")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    @classmethod
    def from_bytes(cls, data: bytes, fees: FeesArg = None, calendar: Optional[Calendar] = None,
                   **options: Any) -> "Reconciler":
        """An engine from a snapshot of ``to_bytes()``/``save()``: the same state, so that
        more records give exactly what the saving engine would have given. ``fees`` and
        ``calendar`` must be those it was made with (else ``libach.StateError``)."""
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError(f"data must be bytes, not {type(data).__name__}")
        self = cls.__new__(cls)
        self._setup(fees, calendar, options.pop("keep_events", False),
                    options.pop("max_findings", _KEEP_DEFAULT),
                    options.pop("verify_within_days", 0), options.pop("hash_seed", 0))
        if options:
            raise TypeError(f"unexpected options: {', '.join(options)}")
        view = memoryview(bytes(data))
        pos = [0]

        def read(_ctx: Any, buf: Any, cap: int, got: Any) -> int:
            n = min(cap, len(view) - pos[0])
            ffi.memmove(buf, view[pos[0]:pos[0] + n], n)
            pos[0] += n
            got[0] = n
            return 0

        cb = ffi.callback("ach_recon_read_fn", read)
        out = ffi.new("ach_recon **")
        err = ffi.new("ach_error *")
        check(lib.ach_recon_load(out, self._calendar._ptr, self._opts, cb, ffi.NULL, err), err)
        self._engine = ffi.gc(out[0], lib.ach_recon_free)
        # rows applied next are numbered after the records the snapshot counted
        self._line = _HEADER_LINE + int(self._report(None).records)
        return self

    @classmethod
    def load(cls, path: PathArg, fees: FeesArg = None, calendar: Optional[Calendar] = None,
             **options: Any) -> "Reconciler":
        """An engine from a snapshot file written by ``save()`` (or ``ach reconcile
        --state``)."""
        _path(path)
        with open(path, "rb") as f:
            return cls.from_bytes(f.read(), fees, calendar, **options)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        fees = None if self._fees is None else dict(zip(
            ("rate_ppm", "fixed", "cap", "failure_fee", "dispute_fee"), self._fees))
        keep = None if self._keep == 2 ** 64 - 1 else self._keep
        return (_restore, (self.to_bytes(), fees, self._calendar, keep, self._verify,
                           self._seed, self._source, self._bytes, self._unknown, self._line))


def _restore(data: bytes, fees: FeesArg, calendar: Calendar, keep: Optional[int], verify: int,
             seed: int, source: str, nbytes: int, unknown: List[str], line: int) -> Reconciler:
    r = Reconciler.from_bytes(data, fees, calendar, max_findings=keep, verify_within_days=verify,
                              hash_seed=seed)
    r._source, r._bytes, r._unknown, r._line = source, nbytes, unknown, line
    return r
