"""Through the HTTP route a liaison officer uses to share by hand: a refugee's name or
passport number in the content is refused to their country of origin with the field it
stood in, whatever the request declares, and the refusal is in the audit log."""

from __future__ import annotations

import json
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import text

from helpers import add_account, token_for
from limes.access.model import Role
from limes.container import Node
from limes.registry.dates import PartialDate
from limes.registry.lifecycle import Status
from limes.registry.model import Document, DocumentKind, Individual, NameChain, Sex
from limes.registry.store import SqlAlchemyRegistryUnitOfWork
from limes.sharing.events import ExportWasRefused
from sharing_items import sample_body


def register_refugee(node: Node) -> None:
    person = Individual.register(
        individual_id="SYR-HOL-004411",
        household_id="HH-004411",
        sex=Sex.MALE,
        date_of_birth=PartialDate.parse("1984"),
        country_of_origin="SYR",
        nationality="SYR",
        name_ar=NameChain("خالد", "عمر", "", "الحلبي"),
        names_latin=[NameChain("Khaled", "Omar", "", "al-Halabi")],
        registered_on=date(2020, 1, 5),
        status=Status.ASYLUM_SEEKER,
        reason="registered",
        documents=[Document(DocumentKind.PASSPORT, "N7700441", "SYR")],
    )
    with SqlAlchemyRegistryUnitOfWork(node.engine, node.clock) as uow:
        uow.individuals.add(person)
        uow.commit()


def test_a_hand_shared_item_naming_an_asylum_seeker_is_refused_and_logged(
    client: TestClient, node: Node
) -> None:
    register_refugee(node)
    add_account(node, "liaison", Role.LIAISON_OFFICER)
    seen: list[object] = []
    node.live_hub.on(seen.append)
    headers = {"Authorization": f"Bearer {token_for(client, 'liaison')}"}
    incident = sample_body("operations.incident")
    incident["content"]["note"] = "arrested: خالد الحلبي, crossing at night"
    hit = sample_body("screening.watchlist_hit")
    hit["content"]["subject"] = "SYR: N 7700 441"
    for body, field in ((incident, "content.note"), (hit, "content.subject")):
        answer = client.post(
            "/api/v1/exchange/items", json={**body, "person_ids": []}, headers=headers
        )
        assert answer.status_code == 403, answer.text
        error = answer.json()["error"]
        assert error["code"] == "export_refused_origin_country"
        assert error["field"] == field
    with node.engine.connect() as connection:
        fields = (
            connection.execute(text("SELECT details FROM audit_log WHERE kind = 'export_refused'"))
            .scalars()
            .all()
        )
    logged = [json.loads(d) if isinstance(d, str) else d for d in fields]
    assert [d["field"] for d in logged] == ["content.note", "content.subject"]
    assert all(d["code"] == "export_refused_origin_country" for d in logged)
    # Each refusal is an event on the node's hub as well (counted on /metrics).
    refusals = [e for e in seen if isinstance(e, ExportWasRefused)]
    assert [e.code for e in refusals] == ["export_refused_origin_country"] * 2
