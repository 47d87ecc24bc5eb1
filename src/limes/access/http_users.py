"""Accounts, for administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from limes.access import services as access
from limes.access.model import Role, User
from limes.container import Node
from limes.web.security import get_node, require

router = APIRouter(prefix="/api/v1/users", tags=["accounts"])

Administrator = Annotated[User, Depends(require(Role.ADMINISTRATOR))]


class NewUser(BaseModel):
    """An account to create."""

    username: str = Field(min_length=2, max_length=40)
    password: str = Field(min_length=10, max_length=1024)
    role: Role
    display_name: str = ""


class UserOut(BaseModel):
    """An account as shown to administrators (never its password hash)."""

    username: str
    display_name: str
    role: Role
    party: str
    active: bool


def _out(user: User) -> UserOut:
    return UserOut(
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        party=user.party,
        active=user.active,
    )


@router.get("", response_model=list[UserOut])
def list_users(_admin: Administrator, node: Annotated[Node, Depends(get_node)]) -> list[UserOut]:
    """Every account of this node."""
    return [_out(u) for u in access.list_users(node.uow())]


@router.post("", response_model=UserOut, status_code=201)
def create_user(
    body: NewUser, admin: Administrator, node: Annotated[Node, Depends(get_node)]
) -> UserOut:
    """Create an account of this node's party."""
    user = access.add_user(
        node.uow(),
        node.hasher,
        node.clock,
        actor=f"user:{admin.username}",
        username=body.username,
        password=body.password,
        role=body.role,
        party=node.settings.party,
        display_name=body.display_name,
    )
    return _out(user)
