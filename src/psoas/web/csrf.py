"""CSRF protection for form posts: a signed double-submit token.

A random token lives in a cookie; every form carries ``HMAC(secret, token)`` in a hidden
field. A cross-site page can make the browser send the cookie but cannot read it, so it
cannot compute the field. JSON API posts are protected by requiring ``application/json``
(a cross-site form cannot send that content type without a CORS preflight).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

COOKIE_NAME = "psoas_csrf"
FIELD_NAME = "csrf_token"
HEADER_NAME = "x-csrf-token"


def new_token() -> str:
    """A fresh random cookie token."""
    return secrets.token_urlsafe(24)


def sign(secret: bytes, token: str) -> str:
    """The form value that goes with cookie ``token``."""
    return hmac.new(secret, token.encode(), hashlib.sha256).hexdigest()


def is_valid(secret: bytes, cookie_token: str | None, form_value: str | None) -> bool:
    """True when the form value is the signature of the cookie token."""
    if not cookie_token or not form_value:
        return False
    return hmac.compare_digest(sign(secret, cookie_token), form_value)
