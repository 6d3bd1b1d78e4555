"""A practice with every role of the authorization matrix, on a fresh SQLite journal with accounts.

admin; therapist T1 with clients A and A2 (A has an assessment, pain and practice); therapist T2
with client B (the same kinds of data). Clients joined through their therapist's invitation.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from typing import Any

from tests.web.conftest import KNEE_INTAKE

PASSWORD = "correct horse battery"
ROLES = ("anonymous", "client_a", "client_b", "therapist_a", "therapist_other", "admin")


@dataclass
class World:
    app: Any
    ids: dict[str, int] = field(default_factory=dict)
    clients: dict[str, Any] = field(default_factory=dict)

    def close(self) -> None:
        for client in self.clients.values():
            client.__exit__(None, None, None)


def _test_client(app: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    client = TestClient(app, follow_redirects=False)
    client.__enter__()
    return client


def build_world(db_url: str) -> World:
    from psoas.practice.accounts import Actor
    from psoas.web import create_app
    from psoas.web.policy import practice_of

    # every role's client shares one test address: the per-address rate limit would throttle the
    # matrix itself (the limit has tests of its own in tests/hardening)
    previous = os.environ.get("PSOAS_RATE_LIMIT")
    os.environ["PSOAS_RATE_LIMIT"] = "off"
    try:
        app = create_app(db_url, accounts=True)
    finally:
        if previous is None:
            del os.environ["PSOAS_RATE_LIMIT"]
        else:
            os.environ["PSOAS_RATE_LIMIT"] = previous
    world = World(app)
    anonymous = _test_client(app)
    world.clients["anonymous"] = anonymous
    practice = practice_of(app)
    accounts, services = practice.accounts, app.state.services
    admin = accounts.create("admin", PASSWORD, "admin")
    t1 = accounts.create("t1", PASSWORD, "therapist")
    t2 = accounts.create("t2", PASSWORD, "therapist")
    a, _ = accounts.accept_invite(accounts.invite(t1), "Client A", "client_a", PASSWORD)
    a2, _ = accounts.accept_invite(accounts.invite(t1), "Client A2", "client_a2", PASSWORD)
    b, _ = accounts.accept_invite(accounts.invite(t2), "Client B", "client_b", PASSWORD)
    for client, therapist in ((a, t1), (b, t2)):
        assert client.person_id is not None
        _, aid = services.assess_and_save(client.person_id, KNEE_INTAKE)
        services.log_pain(client.person_id, [{"region": "knee", "side": "left", "intensity": 4}])
        services.log_practice(client.person_id, "constructive_rest", minutes=15)
        practice.clinic.add_note(
            Actor(therapist.id, "therapist", therapist.name), client.person_id, {"plan": "x"}
        )
        world.ids[f"assessment_{client.name}"] = int(aid or 0)
    world.ids |= {
        "person_a": int(a.person_id or 0),
        "person_a2": int(a2.person_id or 0),
        "person_b": int(b.person_id or 0),
        "account_a": a.id,
        "admin": admin.id,
    }
    for role, name in (
        ("client_a", "client_a"),
        ("client_b", "client_b"),
        ("therapist_a", "t1"),
        ("therapist_other", "t2"),
        ("admin", "admin"),
    ):
        client = _test_client(app)
        answer = client.post("/api/v1/login", json={"name": name, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        world.clients[role] = client
    return world
