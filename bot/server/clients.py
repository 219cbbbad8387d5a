"""The client address of a request: the peer, or what a trusted reverse proxy says it forwarded for.

Why: the web chat's session id is chosen by the client, so a limit keyed on it alone is
bypassed by sending a new id with every message. The address is not chosen by the client,
unless a proxy hides it: then only a proxy we trust (``CCHC_TRUSTED_PROXIES``) may tell
us the address through ``X-Forwarded-For``. Anyone can *send* that header, so it is read
from the right: each trusted proxy appends the address it received from, and the first
address from the right that is not a trusted proxy is the client's.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# An address as a bucket key: an IPv6 address in full is 39 characters; anything longer in
# a forwarded header is not an address, and is cut so it cannot grow the key.
MAX_ADDRESS_CHARS = 45


class ClientAddresses:
    """Resolves the client address of requests arriving directly or through trusted proxies."""

    def __init__(self, trusted_proxies: Iterable[str]) -> None:
        """Args:
        trusted_proxies: Addresses or networks ("127.0.0.1", "10.0.0.0/8") of our proxies.
        """
        self._trusted: tuple[Network, ...] = tuple(ipaddress.ip_network(p, strict=False) for p in trusted_proxies)

    def _is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self._trusted)

    def resolve(self, peer: str | None, headers: Mapping[str, str]) -> str:
        """The client's address.

        Args:
            peer: The address the connection came from (None when unknown, e.g. in-process).
            headers: The request headers (``X-Forwarded-For`` is read only from a trusted peer).

        Returns:
            An address (or, behind a proxy that forwards something else, a short string).
        """
        peer = peer or ""
        if not self._is_trusted(peer):
            return peer[:MAX_ADDRESS_CHARS]
        hops = [hop.strip() for hop in headers.get("x-forwarded-for", "").split(",") if hop.strip()]
        for hop in reversed(hops):
            if not self._is_trusted(hop):
                return hop[:MAX_ADDRESS_CHARS]
        return (hops[0] if hops else peer)[:MAX_ADDRESS_CHARS]
