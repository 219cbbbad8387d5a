"""Route dependencies as ``Annotated`` aliases: the shared state and the admin check."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from bot.server.state import ServerState


def get_state(request: Request) -> ServerState:
    """The state the lifespan stored on the app."""
    state: ServerState = request.app.state.cchc
    return state


StateDep = Annotated[ServerState, Depends(get_state)]

_bearer = HTTPBearer(auto_error=False)


def require_admin(
    state: StateDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """Refuse unless ``Authorization: Bearer <CCHC_ADMIN_TOKEN>`` (compared in constant time).

    Raises:
        HTTPException: 401 with a ``WWW-Authenticate`` challenge.
    """
    expected = state.settings.admin_token
    given = credentials.credentials if credentials else ""
    token = expected.get_secret_value() if expected is not None else ""
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid admin token", {"WWW-Authenticate": "Bearer"})


AdminDep = Depends(require_admin)
