"""The HTTP/1.1 protocol `chatbi serve` runs: uvicorn's h11 protocol with a request deadline and a connection cap.

uvicorn closes idle keep-alive connections, but a connection that starts a request and never finishes its
headers (slowloris) is kept forever, and it accepts any number of connections. Here:
- a client has `header_timeout` seconds, from its connection (or from the first byte of its next request on
  a kept-alive connection), to deliver a complete request — headers and body; past that it is closed;
- beyond `max_connections` open connections a new one is closed at once.
Streaming responses (the chat's server-sent events) are not affected: the deadline ends once the request is in.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

if TYPE_CHECKING:
    from uvicorn.config import Config
    from uvicorn.server import ServerState

logger = logging.getLogger("assistant.ui")

# h11 states of the client while its request is still coming in.
_READING = (h11.IDLE, h11.SEND_BODY)


def bounded_protocol(header_timeout: float, max_connections: int) -> type[H11Protocol]:
    """An H11Protocol class with these limits, for `uvicorn.Config(http=...)`."""

    class BoundedH11Protocol(H11Protocol):
        def __init__(self, config: Config, server_state: ServerState, app_state: dict[str, Any],
                     _loop: asyncio.AbstractEventLoop | None = None) -> None:  # fmt: skip
            super().__init__(config, server_state, app_state, _loop)
            self._deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if len(self.connections) > max_connections:
                logger.warning("connection limit (%d) reached; closing a new connection", max_connections)
                transport.close()
                return
            self._arm()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state in _READING and (self.conn.their_state is h11.SEND_BODY or data):
                self._arm()
            else:
                self._disarm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            if self._deadline is None:
                self._deadline = self.loop.call_later(header_timeout, self._expired)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _expired(self) -> None:
            self._deadline = None
            if self.conn.their_state in _READING and not self.transport.is_closing():
                self.transport.close()

    return BoundedH11Protocol
