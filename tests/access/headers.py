"""The security headers every response must carry (docs/security.md, "Web security")."""

from __future__ import annotations


def header_problems(response, *, authenticated: bool) -> list[str]:
    """What is missing from the response's security headers; no-store only when someone is logged in."""
    csp = response.get("Content-Security-Policy", "")
    expected = {
        "CSP default-src 'self'": "default-src 'self'" in csp,
        "CSP without 'unsafe-inline'": "'unsafe-inline'" not in csp,
        "CSP frame-ancestors 'none'": "frame-ancestors 'none'" in csp,
        "nosniff": response.get("X-Content-Type-Options") == "nosniff",
        "referrer policy": response.get("Referrer-Policy") == "same-origin",
        "X-Frame-Options DENY": response.get("X-Frame-Options") == "DENY",
    }
    if authenticated:
        expected["Cache-Control no-store"] = response.get("Cache-Control") == "no-store"
    return [name for name, ok in expected.items() if not ok]
