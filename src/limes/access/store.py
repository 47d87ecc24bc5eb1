"""SQLAlchemy repositories of the foundation's contexts (access, places)."""

from __future__ import annotations

from sqlalchemy import Connection, RowMapping, insert, select, update

from limes.access.model import ApiToken, Role, User
from limes.adapters.store import tables as t
from limes.clock import Clock
from limes.places.api import Place, PlaceKind


class SqlAlchemyUserRepository:
    """Accounts in the ``users`` table."""

    def __init__(self, connection: Connection, clock: Clock) -> None:
        self._c = connection
        self._clock = clock

    def get(self, username: str) -> User | None:
        row = self._c.execute(select(t.users).where(t.users.c.username == username)).first()
        return _user(row._mapping) if row else None

    def add(self, user: User) -> None:
        self._c.execute(
            insert(t.users).values(
                username=user.username,
                display_name=user.display_name,
                role=user.role.value,
                party=user.party,
                password_hash=user.password_hash,
                active=user.active,
                created_at=self._clock.now(),
            )
        )

    def list(self) -> list[User]:
        rows = self._c.execute(select(t.users).order_by(t.users.c.username))
        return [_user(r._mapping) for r in rows]


def _user(m: RowMapping) -> User:
    return User(
        username=m["username"],
        role=Role(m["role"]),
        party=m["party"],
        password_hash=m["password_hash"],
        display_name=m["display_name"],
        active=bool(m["active"]),
    )


class SqlAlchemyTokenRepository:
    """Bearer tokens in ``api_tokens``, by keyed hash."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, token: ApiToken) -> None:
        self._c.execute(
            insert(t.api_tokens).values(
                token_hash=token.token_hash,
                username=token.username,
                issued_at=token.issued_at,
                expires_at=token.expires_at,
                revoked=token.revoked,
            )
        )

    def get(self, token_hash: str) -> ApiToken | None:
        row = self._c.execute(
            select(t.api_tokens).where(t.api_tokens.c.token_hash == token_hash)
        ).first()
        if row is None:
            return None
        m = row._mapping
        return ApiToken(
            token_hash=m["token_hash"],
            username=m["username"],
            issued_at=m["issued_at"],
            expires_at=m["expires_at"],
            revoked=bool(m["revoked"]),
        )

    def revoke(self, token_hash: str) -> None:
        self._c.execute(
            update(t.api_tokens).where(t.api_tokens.c.token_hash == token_hash).values(revoked=True)
        )


class SqlAlchemyPlaceRepository:
    """Places in the ``places`` table."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, key: str) -> Place | None:
        row = self._c.execute(select(t.places).where(t.places.c.key == key)).first()
        return _place(row._mapping) if row else None

    def put(self, place: Place) -> None:
        values = {
            "kind": place.kind.value,
            "name_en": place.name_en,
            "name_ar": place.name_ar,
            "party": place.party,
            "governorate": place.governorate,
            "lon": place.lon,
            "lat": place.lat,
            "source": place.source,
            "approximate": place.approximate,
            "population": place.population,
            "population_source": place.population_source,
        }
        updated = self._c.execute(
            update(t.places).where(t.places.c.key == place.key).values(**values)
        )
        if updated.rowcount == 0:
            self._c.execute(insert(t.places).values(key=place.key, **values))

    def list(self, kind: PlaceKind | None = None) -> list[Place]:
        query = select(t.places).order_by(t.places.c.key)
        if kind is not None:
            query = query.where(t.places.c.kind == kind.value)
        return [_place(r._mapping) for r in self._c.execute(query)]


def _place(m: RowMapping) -> Place:
    return Place(
        key=m["key"],
        kind=PlaceKind(m["kind"]),
        name_en=m["name_en"],
        name_ar=m["name_ar"],
        party=m["party"],
        governorate=m["governorate"],
        lon=float(m["lon"]),
        lat=float(m["lat"]),
        source=m["source"],
        approximate=bool(m["approximate"]),
        population=m["population"],
        population_source=m["population_source"],
    )
