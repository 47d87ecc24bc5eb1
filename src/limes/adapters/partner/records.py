"""This node's record of the exchange as a signed document, for the partner to reconcile.

``limes audit exchange-log`` writes it; the partner's ``limes audit reconcile FILE`` checks
the signature against the keys it imported from this node's key document, then compares
the records entry by entry with its own log (:func:`limes.audit.services.reconcile_with_partner`).
The signature means a liaison officer cannot edit the file to hide an item on the way;
the document also carries the head of this node's chain (an anchor the partner can keep).
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from limes.audit.canonical import canonical_json, format_instant, parse_instant
from limes.audit.chain import ChainAnchor
from limes.audit.ports import AuditLog
from limes.audit.reconcile import ExchangeRecord
from limes.audit.services import exchange_log, require_intact
from limes.errors import Invalid
from limes.sharing.errors import EnvelopeMalformed
from limes.sharing.identity import NodeKeyring, PartyKeys

LOG_FORMAT = "limes-exchange-log/1"
LOG_PREFIX = b"limes-exchange-log/1\n"


def export_exchange_log(log: AuditLog, keyring: NodeKeyring, *, now: datetime) -> str:
    """The signed document of every item this node logged as sent or received; refused
    (:class:`~limes.audit.errors.AuditChainBroken`) when the chain is broken."""
    report = require_intact(log)
    body = {
        "format": LOG_FORMAT,
        "party": keyring.party,
        "exported_at": format_instant(now),
        "head": {"sequence": report.entries_checked, "entry_sha256": report.head_sha256},
        "records": [record.to_json() for record in exchange_log(log)],
    }
    key = keyring.signing_key(now)
    signature = key.sign(LOG_PREFIX + canonical_json(body))
    document = {
        **body,
        "key_id": key.key_id,
        "signature": base64.b64encode(signature).decode("ascii"),
    }
    return json.dumps(document, indent=1, sort_keys=True) + "\n"


def read_exchange_log(
    text: str, *, partner_keys: PartyKeys, now: datetime
) -> tuple[list[ExchangeRecord], ChainAnchor, datetime]:
    """The partner's records, its chain head and when it exported them, once the signature
    is checked (the key errors and :class:`~limes.sharing.errors.EnvelopeTampered` of
    :meth:`PartyKeys.verify`; :class:`EnvelopeMalformed` for an unreadable file)."""
    try:
        document = json.loads(text)
        signature = base64.b64decode(document.pop("signature"), validate=True)
        key_id = str(document.pop("key_id"))
        if document.get("format") != LOG_FORMAT:
            raise Invalid(f"not a {LOG_FORMAT} document", field="format")
        if document.get("party") != partner_keys.party:
            raise Invalid(
                f"the log is {document.get('party')}'s, not {partner_keys.party}'s", field="party"
            )
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as error:
        raise EnvelopeMalformed(f"unreadable exchange log: {error}", field="file") from None
    partner_keys.verify(key_id, signature, LOG_PREFIX + canonical_json(document), now)
    records = [ExchangeRecord.from_json(raw) for raw in document["records"]]
    head = ChainAnchor(int(document["head"]["sequence"]), str(document["head"]["entry_sha256"]))
    return records, head, parse_instant(document["exported_at"])
