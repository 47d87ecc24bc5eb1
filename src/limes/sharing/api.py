"""What other contexts may use of sharing: its published domain, nothing else.

Other contexts import this module only (an import-linter contract holds it); every
name here is defined in the module it comes from."""

from __future__ import annotations

from limes.sharing.agreements import DataCategory
from limes.sharing.guard import OutboundItem, typed_item
from limes.sharing.identity import NodeKeyring, PartyKeys, format_fingerprint
from limes.sharing.items import Personal, SharedItem, disclosed_fields, marked_texts
from limes.sharing.keydocument import KeyDocument
from limes.sharing.keyfiles import FileKeyStore
from limes.sharing.ports import PersonalDataRefusal, PersonalDataRule, SharingUnitOfWork
from limes.sharing.services import import_partner_keys, init_node_keys, print_key_document

__all__ = [
    "DataCategory",
    "FileKeyStore",
    "KeyDocument",
    "NodeKeyring",
    "OutboundItem",
    "PartyKeys",
    "Personal",
    "PersonalDataRefusal",
    "PersonalDataRule",
    "SharedItem",
    "SharingUnitOfWork",
    "disclosed_fields",
    "format_fingerprint",
    "import_partner_keys",
    "init_node_keys",
    "marked_texts",
    "print_key_document",
    "typed_item",
]
