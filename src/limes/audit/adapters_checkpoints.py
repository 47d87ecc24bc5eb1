"""Signed checkpoints of the audit chain's head, kept apart from the log (issue #13).

A hash chain shows an edited entry, but not entries cut off its end, nor a chain rewritten
and re-hashed from some entry on. A checkpoint is the head at one moment (sequence and
entry hash) signed with the node's Ed25519 key; ``limes audit verify`` checks the log
against every checkpoint it holds, so both are caught. Checkpoints are appended to
``DATA_DIR/audit/checkpoints.jsonl`` and, given to the partner (``--out``), kept there too:
the partner's copy is the one a local administrator cannot rewrite.

One checkpoint per line: ``{"format", "party", "sequence", "entry_sha256", "signed_at",
"key_id", "signature"}``, the signature over the canonical JSON of the rest.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from pathlib import Path

from limes.audit.canonical import canonical_json, format_instant, parse_instant
from limes.audit.chain import ChainAnchor
from limes.audit.ports import AuditLog
from limes.audit.services import require_intact
from limes.errors import Invalid
from limes.sharing.api import NodeKeyring, PartyKeys

FORMAT = "limes-audit-checkpoint/1"
_PREFIX = b"limes audit checkpoint v1\n"


def checkpoints_file(data_dir: Path) -> Path:
    """Where a node keeps its own checkpoints."""
    return data_dir / "audit" / "checkpoints.jsonl"


def make_checkpoint(
    log: AuditLog, keyring: NodeKeyring, *, now: datetime, anchors: list[ChainAnchor]
) -> str:
    """One signed checkpoint of the head, as a JSON line; refused
    (:class:`~limes.audit.errors.AuditChainBroken`) unless the chain is intact, checked
    against the earlier ``anchors``."""
    report = require_intact(log, anchors=anchors)
    if report.entries_checked == 0:
        raise Invalid("the audit log is empty: nothing to checkpoint yet", field="audit")
    body = {
        "format": FORMAT,
        "party": keyring.party,
        "sequence": report.entries_checked,
        "entry_sha256": report.head_sha256,
        "signed_at": format_instant(now),
    }
    key = keyring.signing_key(now)
    signature = key.sign(_PREFIX + canonical_json(body))
    line = {**body, "key_id": key.key_id, "signature": base64.b64encode(signature).decode()}
    return json.dumps(line, sort_keys=True)


def read_checkpoints(text: str, *, keys: PartyKeys, now: datetime) -> list[ChainAnchor]:
    """The anchors of a checkpoints file, each signature checked against ``keys`` (the
    key errors and ``EnvelopeTampered`` of :meth:`PartyKeys.verify`); :class:`Invalid`
    naming the line for one that cannot be read. A key retired since (rotated) still
    vouches for what it signed while valid; a revoked one for nothing."""
    anchors: list[ChainAnchor] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            document = json.loads(line)
            signature = base64.b64decode(document.pop("signature"), validate=True)
            key_id = str(document.pop("key_id"))
            if document.get("format") != FORMAT or document.get("party") != keys.party:
                raise ValueError(f"not a checkpoint of {keys.party}")
            anchor = ChainAnchor(int(document["sequence"]), str(document["entry_sha256"]))
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as error:
            raise Invalid(
                f"checkpoint line {number} cannot be read: {error}", field="file"
            ) from None
        revoked = any(k.key_id == key_id and k.revoked_at is not None for k in keys.keys)
        at = now if revoked else _when(document, now)
        keys.verify(key_id, signature, _PREFIX + canonical_json(document), at)
        anchors.append(anchor)
    return anchors


def _when(document: dict[str, object], now: datetime) -> datetime:
    """The moment a retired key must have been valid for a checkpoint: when it was signed,
    if earlier than ``now`` (a revoked key is checked at ``now``, and fails: whoever stole
    it could date a checkpoint as they liked)."""
    try:
        signed = parse_instant(str(document["signed_at"]), field="signed_at")
    except (KeyError, Invalid):
        return now
    return min(signed, now)


def own_anchors(data_dir: Path, keys: PartyKeys, *, now: datetime) -> list[ChainAnchor]:
    """The anchors of this node's own checkpoints file; none before the first."""
    own = checkpoints_file(data_dir)
    if not own.exists():
        return []
    return read_checkpoints(own.read_text(encoding="utf-8"), keys=keys, now=now)


def checkpoint_now(log: AuditLog, keyring: NodeKeyring, *, data_dir: Path, now: datetime) -> str:
    """Make a checkpoint of the head (checked against this node's earlier ones), append it
    to this node's checkpoints file, and return its line (for the partner)."""
    anchors = own_anchors(data_dir, keyring.public_keys(), now=now)
    line = make_checkpoint(log, keyring, now=now, anchors=anchors)
    own = checkpoints_file(data_dir)
    own.parent.mkdir(parents=True, exist_ok=True)
    with own.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    return line
