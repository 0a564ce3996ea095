#!/usr/bin/env python3
"""Verify an exported Leitai event log (NDJSON) from the file alone.

Written from docs/log-format.md only, with nothing but Python's standard library, so that
anyone can check a log without trusting Leitai's own code.

    python3 scripts/verify-log.py LOG.ndjson [--head HASH]

Prints a JSON report on stdout. Exit status: 0 the log verifies, 1 it does not, 2 usage or
I/O error.
"""
import argparse
import decimal
import hashlib
import json
import math
import re
import sys

GENESIS_HASH = "0" * 64
HEX64 = re.compile(r"^[0-9a-f]{64}$")

# --- canonical encoding (docs/log-format.md, "The canonical encoding") -----------------------

_ESCAPES = {
    0x08: "\\b",
    0x09: "\\t",
    0x0A: "\\n",
    0x0C: "\\f",
    0x0D: "\\r",
    0x22: '\\"',
    0x5C: "\\\\",
}


def encode_string(text):
    """A string as ECMAScript's JSON.stringify writes it: only ", \\ and controls escaped."""
    out = ['"']
    for ch in text:
        cp = ord(ch)
        if cp in _ESCAPES:
            out.append(_ESCAPES[cp])
        elif cp < 0x20 or 0xD800 <= cp <= 0xDFFF:
            # controls, and lone surrogates (a JSON text can carry them as \\u escapes)
            out.append("\\u%04x" % cp)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def encode_number(value):
    """A number as ECMAScript's Number::toString (radix 10) writes it."""
    x = float(value)
    if math.isnan(x) or math.isinf(x):
        return "null"
    if x == 0:
        return "0"  # -0 too
    if x < 0:
        return "-" + encode_number(-x)
    # repr gives the shortest digits that round-trip, as ECMAScript asks for.
    sign, digits, exponent = decimal.Decimal(repr(x)).normalize().as_tuple()
    s = "".join(str(d) for d in digits)
    k = len(s)
    n = exponent + k  # x = 0.s × 10^n
    if k <= n <= 21:
        return s + "0" * (n - k)
    if 0 < n <= 21:
        return s[:n] + "." + s[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + s
    e = n - 1
    exp = ("+" if e >= 0 else "-") + str(abs(e))
    if k == 1:
        return s + "e" + exp
    return s[0] + "." + s[1:] + "e" + exp


def _utf16_key(key):
    # Keys are sorted by UTF-16 code units; big-endian UTF-16 bytes compare the same way.
    return key.encode("utf-16-be", "surrogatepass")


def canonical(value):
    """The canonical JSON text of a parsed JSON value."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return encode_string(value)
    if isinstance(value, (int, float)):
        return encode_number(value)
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value.keys(), key=_utf16_key)
        return "{" + ",".join(encode_string(k) + ":" + canonical(value[k]) for k in keys) + "}"
    raise TypeError("not a JSON value: %r" % (value,))


def event_hash(previous_hash, stream_id, version, event_type, data, metadata):
    text = canonical([previous_hash, stream_id, version, event_type, data, metadata])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- reading the export (docs/log-format.md, "The export") --------------------------------


def _reject_constant(name):
    raise ValueError("%s is not JSON" % name)


def parse_line(line):
    # Every number is read as an IEEE-754 double, as JSON.parse reads it.
    return json.loads(line, parse_int=float, parse_float=float, parse_constant=_reject_constant)


def _is_int(value):
    return isinstance(value, float) and value.is_integer() and abs(value) <= 2**53 - 1


def verify(lines, expect_head=None):
    heads = {}  # streamId -> (version, hash)
    events = 0
    broken = None
    reached_head = False
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r")
        try:
            row = parse_line(line)
            if not isinstance(row, dict):
                raise ValueError("not an object")
        except ValueError:
            broken = {"line": number, "reason": "not a JSON object"}
            break
        position, stream_id, version = row.get("position"), row.get("streamId"), row.get("version")
        event_type, stored_hash = row.get("type"), row.get("hash")
        if not (
            _is_int(position)
            and isinstance(stream_id, str)
            and _is_int(version)
            and isinstance(event_type, str)
            and isinstance(stored_hash, str)
            and HEX64.match(stored_hash)
            and "data" in row
            and isinstance(row.get("metadata"), dict)
        ):
            broken = {"line": number, "reason": "a field is missing or of the wrong type"}
            break
        events += 1
        where = {"line": number, "streamId": stream_id, "version": int(version), "position": int(position)}
        head_version, head_hash = heads.get(stream_id, (0, GENESIS_HASH))
        if int(version) != head_version + 1:
            broken = dict(where, reason="version %d where %d was expected" % (version, head_version + 1))
            break
        computed = event_hash(head_hash, stream_id, version, event_type, row["data"], row["metadata"])
        if computed != stored_hash:
            broken = dict(where, reason="hash does not match content and predecessor")
            break
        heads[stream_id] = (int(version), stored_hash)
        if stored_hash == expect_head:
            reached_head = True
    head_list = [{"streamId": s, "version": v, "hash": h} for s, (v, h) in heads.items()]
    if broken is None and expect_head is not None and not reached_head:
        broken = {"line": len(lines), "reason": "the log does not reach the expected head %s" % expect_head}
    streams = len(heads) + (1 if broken and broken.get("streamId") is not None and broken["streamId"] not in heads else 0)
    report = {"ok": broken is None, "streams": streams, "events": events, "heads": head_list}
    if broken is not None:
        report["firstBroken"] = broken
    return report


def main(argv):
    parser = argparse.ArgumentParser(description="Verify an exported Leitai event log (NDJSON).")
    parser.add_argument("log", help="the exported log; - for standard input")
    parser.add_argument("--head", help="a published head hash the log must reach (contain)")
    args = parser.parse_args(argv)
    try:
        if args.log == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.log, "rb") as f:
                data = f.read()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print("cannot read %s: %s" % (args.log, error), file=sys.stderr)
        return 2
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    report = verify(lines, args.head)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
