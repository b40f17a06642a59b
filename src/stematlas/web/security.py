"""HTTP headers every answer carries: a strict Content-Security-Policy and the usual
security headers, and caching tied to the build (an ETag from the build id, so a
client revalidates once per build and gets 304 until the data change).

Pure ASGI middleware, so streaming answers pass through untouched.
"""

from __future__ import annotations

from collections.abc import Callable

# No inline script or style anywhere: every script and stylesheet is a file the
# site serves itself. Vega runs with its expression interpreter, so no eval either.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# Vendored files carry their version in the path and never change under it.
VENDOR_PREFIX = "/static/vendor/"


class SecurityAndCaching:
    def __init__(self, app, build_id: Callable[[], str | None]):
        self.app = app
        self.build_id = build_id

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        build = None if path.startswith(VENDOR_PREFIX) else self.build_id()
        etag = f'W/"{build}"'.encode() if build else None
        cacheable = scope.get("method") in ("GET", "HEAD")

        if cacheable and etag and etag in _if_none_match(scope):
            await _not_modified(send, etag)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in (b"etag", b"cache-control", b"x-build-id")
                ]
                headers += HEADERS
                ok = message["status"] < 400
                if build:
                    # Which build an answer, a page or a download comes from.
                    headers.append((b"x-build-id", build.encode()))
                if path.startswith(VENDOR_PREFIX):
                    headers.append(
                        (b"cache-control", b"public, max-age=31536000, immutable")
                    )
                elif cacheable and ok and etag:
                    headers.append((b"etag", etag))
                    headers.append((b"cache-control", b"public, max-age=300"))
                else:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _if_none_match(scope) -> list[bytes]:
    for name, value in scope.get("headers", []):
        if name == b"if-none-match":
            return [v.strip() for v in value.split(b",")]
    return []


async def _not_modified(send, etag: bytes) -> None:
    headers = [*HEADERS, (b"etag", etag), (b"cache-control", b"public, max-age=300")]
    await send({"type": "http.response.start", "status": 304, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
