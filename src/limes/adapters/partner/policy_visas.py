"""Source of the visas: this state's seal certificates and its signed visa revocation list,
each shared again whenever it changes (a new signer, a higher list number); see
:mod:`.policy`."""

from __future__ import annotations

import hashlib
import json

from limes.adapters.partner.policy_source import SourceContext
from limes.sharing.agreements import DataCategory
from limes.sharing.guard import OutboundItem
from limes.sharing.items import VisaKeyBundle, VisaRevocation
from limes.visas.adapters_keys import key_store

_CERTIFICATE = b"-----BEGIN CERTIFICATE-----"


class VisaKeySource:
    """The key bundle (country CA and signers) and the latest revocation list."""

    categories = frozenset(
        {DataCategory.VISA_SIGNING_KEYS.value, DataCategory.VISA_REVOCATIONS.value}
    )

    def candidates(self, context: SourceContext) -> list[OutboundItem]:
        store = key_store(context.data_dir, context.local_party, context.clock)
        party = context.local_party
        found: list[OutboundItem] = []
        if DataCategory.VISA_SIGNING_KEYS.value in context.grants:
            bundle = store.export_bundle()
            digest = hashlib.sha256(bundle).hexdigest()[:24]
            keys = VisaKeyBundle(
                issuing_party=party,
                bundle_pem=bundle.decode("ascii"),
                signers=max(0, bundle.count(_CERTIFICATE) - 1),
            )
            found.append(context.item(keys, f"visa-keys/{party}/{digest}"))
        if DataCategory.VISA_REVOCATIONS.value in context.grants:
            document = store.export_revocations()
            signed = json.loads(document)["list"]
            revocation = VisaRevocation(
                issuing_party=party,
                number=int(signed["number"]),
                revoked_visa_numbers=tuple(sorted(signed["revoked_visa_numbers"])),
                revocation_list=document.decode("utf-8"),
            )
            found.append(context.item(revocation, f"visa-revocations/{party}/{signed['number']}"))
        return found
