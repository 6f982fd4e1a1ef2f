"""A real SAML 2.0 identity provider for the tests: pysaml2's `saml2.server.Server` behind a small
WSGI application in a thread of its own, on a free port of 127.0.0.1. No network, no mock of the
protocol: Krami's requests are parsed and their signatures checked by pysaml2 as a provider would,
and its answers are signed (and encrypted) with keys made by `openssl` when the tests start.

The provider shows a login form (`/sso/redirect`), answers with the HTTP-POST binding to Krami's
assertion consumer, and ends its session on a logout request (`/slo/redirect`). Tests that need an
answer Krami must refuse (unsigned, wrongly addressed, signed by a stranger) ask it for one with
`answer(...)`; it is still built and signed by pysaml2.
"""

from __future__ import annotations

import base64
import html
import secrets
import subprocess  # nosec B404: openssl with fixed arguments
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import saml2
from saml2.config import IdPConfig, SPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_UNSPECIFIED
from saml2.server import Server

# Authentication context classes the tests use: one a provider reports for a multi-factor sign-in
# (REFEDS MFA), one for a password alone.
MFA = "https://refeds.org/profile/mfa"
PASSWORD = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
XMLSEC = "/usr/bin/xmlsec1"


def key_pair(folder: Path, name: str) -> tuple[str, str]:
    """A fresh RSA key and self-signed certificate (PEM files), made by openssl."""
    key, cert = folder / f"{name}.key", folder / f"{name}.crt"
    subprocess.run(  # nosec B603 B607
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", f"/CN={name}"],
        check=True, capture_output=True,
    )
    return str(key), str(cert)


@dataclass
class Person:
    """Someone the provider knows: password, attributes, and how they sign in (the context)."""

    password: str
    attributes: dict
    context: str = PASSWORD


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):  # the test output stays readable
        pass


@dataclass
class Pending:
    request: object  # the parsed AuthnRequest (pysaml2's request info)
    relay_state: str


@dataclass
class TestIdentityProvider:
    folder: Path
    people: dict[str, Person] = field(default_factory=dict)

    def __post_init__(self):
        self._httpd: WSGIServer = make_server("127.0.0.1", 0, self._app, handler_class=_Quiet)
        self.base = f"http://127.0.0.1:{self._httpd.server_port}"
        self.entity_id = f"{self.base}/metadata"
        self.key, self.cert = key_pair(self.folder, "idp")
        self.server = self._server(self.entity_id, self.key, self.cert)
        self.pending: dict[str, Pending] = {}
        self.sessions_ended: list[str] = []
        self.trusted: set[str] = set()
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def _server(self, entity_id: str, key: str, cert: str) -> Server:
        config = IdPConfig()
        config.load({
            "entityid": entity_id,
            "xmlsec_binary": XMLSEC,
            "allow_unknown_attributes": True,
            "accepted_time_diff": 60,
            "service": {"idp": {
                "name": "Testorganisationens inloggning",
                "endpoints": {
                    "single_sign_on_service": [(f"{self.base}/sso/redirect", saml2.BINDING_HTTP_REDIRECT)],
                    "single_logout_service": [(f"{self.base}/slo/redirect", saml2.BINDING_HTTP_REDIRECT)],
                },
                "name_id_format": [NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_UNSPECIFIED],
                "want_authn_requests_signed": True,
                "sign_assertion": True,
                "sign_response": False,
                "policy": {"default": {"lifetime": {"minutes": 5}, "attribute_restrictions": None}},
            }},
            "key_file": key,
            "cert_file": cert,
            "metadata": {},
        })
        return Server(config=config)

    # --- set-up -----------------------------------------------------------------------------
    def metadata_xml(self) -> str:
        return str(entity_descriptor(self.server.config))

    def trust(self, sp_metadata_xml: str) -> None:
        """Know a service provider (Krami) by its metadata, as a provider's administrator would."""
        if sp_metadata_xml not in self.trusted:
            self.server.metadata.load("inline", sp_metadata_xml)
            self.trusted.add(sp_metadata_xml)

    def trust_another_service(self, entity_id: str, acs: str) -> None:
        """Another service provider of the same organisation: its answers are not Krami's."""
        config = SPConfig()
        config.load({
            "entityid": entity_id,
            "xmlsec_binary": XMLSEC,
            "service": {"sp": {"endpoints": {"assertion_consumer_service": [(acs, saml2.BINDING_HTTP_POST)]}}},
        })
        self.trust(str(entity_descriptor(config)))

    def stranger(self) -> Server:
        """A provider with the same entity ID but a key of its own: its signatures are forgeries."""
        key, cert = key_pair(self.folder, "stranger")
        stranger = self._server(self.entity_id, key, cert)
        stranger.metadata = self.server.metadata
        return stranger

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # --- the protocol ------------------------------------------------------------------------
    def receive(self, query: dict) -> str:
        """Krami's AuthnRequest (HTTP-Redirect binding, signature checked): a key for the answer."""
        request = self.server.parse_authn_request(
            query["SAMLRequest"], saml2.BINDING_HTTP_REDIRECT, relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"), signature=query.get("Signature"),
        )
        key = secrets.token_urlsafe(8)
        self.pending[key] = Pending(request=request, relay_state=query.get("RelayState", ""))
        return key

    def answer(
        self, key: str, username: str, *, signer: Server | None = None, sign: bool = True, encrypt: bool = False,
        audience: str | None = None, destination: str | None = None, context: str | None = None,
    ) -> dict:
        """The provider's answer to a pending request, as the fields the browser posts to Krami's
        assertion consumer: {"action", "SAMLResponse", "RelayState"}."""
        pending = self.pending[key]
        server = signer or self.server
        args = self.server.response_args(pending.request.message)
        person = self.people[username]
        acs = args["destination"]
        response = server.create_authn_response(
            person.attributes,
            in_response_to=args["in_response_to"],
            destination=destination or acs,
            sp_entity_id=audience or args["sp_entity_id"],
            name_id_policy=args["name_id_policy"],
            userid=username,
            authn={"class_ref": context or person.context, "authn_auth": self.entity_id},
            sign_assertion=sign,
            sign_response=False,
            encrypt_assertion=encrypt,
            encrypt_cert_assertion=None,
        )
        return {"action": acs, "SAMLResponse": _b64(str(response)), "RelayState": pending.relay_state}

    def _app(self, environ, start_response):
        path = environ["PATH_INFO"]
        if environ["REQUEST_METHOD"] == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(length).decode()).items()}
        else:
            form = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        try:
            if path == "/metadata":
                return _reply(start_response, "200 OK", self.metadata_xml(), "text/xml")
            if path == "/sso/redirect":
                return _reply(start_response, "200 OK", _login_page(self.receive(form)))
            if path == "/login":
                person = self.people.get(form.get("username", ""))
                if person is None or person.password != form.get("password"):
                    return _reply(start_response, "200 OK", _login_page(form["key"], failed=True))
                return _reply(start_response, "200 OK", _post_page(self.answer(form["key"], form["username"])))
            if path == "/slo/redirect":
                return self._logout(form, start_response)
        except Exception as exc:  # a refused request is the provider's error page, not a crash
            return _reply(start_response, "400 Bad Request", f"<p>Fel: {html.escape(type(exc).__name__)}</p>")
        return _reply(start_response, "404 Not Found", "<p>Finns inte</p>")

    def _logout(self, form, start_response):
        request = self.server.parse_logout_request(
            form["SAMLRequest"], saml2.BINDING_HTTP_REDIRECT, relay_state=form.get("RelayState"),
            sigalg=form.get("SigAlg"), signature=form.get("Signature"),
        )
        self.sessions_ended.append(request.message.name_id.text)
        response = self.server.create_logout_response(request.message, [saml2.BINDING_HTTP_REDIRECT])
        args = self.server.response_args(request.message, [saml2.BINDING_HTTP_REDIRECT])
        http = self.server.apply_binding(
            saml2.BINDING_HTTP_REDIRECT, str(response), args["destination"], form.get("RelayState", ""), response=True,
        )
        location = dict(http["headers"])["Location"]
        start_response("302 Found", [("Location", location)])
        return [b""]


def _b64(xml: str) -> str:
    return base64.b64encode(xml.encode()).decode()


def _reply(start_response, status: str, body: str, content_type: str = "text/html; charset=utf-8"):
    start_response(status, [("Content-Type", content_type)])
    return [body.encode()]


def _login_page(key: str, *, failed: bool = False) -> str:
    error = '<p role="alert">Fel användarnamn eller lösenord.</p>' if failed else ""
    return f"""<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Testorganisationen</title></head>
<body><h1>Testorganisationens inloggning</h1>{error}
<form method="post" action="/login"><input type="hidden" name="key" value="{html.escape(key)}">
<label>Användarnamn <input name="username"></label> <label>Lösenord <input name="password" type="password"></label>
<button type="submit">Logga in</button></form></body></html>"""


def _post_page(fields: dict) -> str:
    """The HTTP-POST binding: a form the browser sends to Krami at once."""
    inputs = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
        for name, value in fields.items() if name != "action"
    )
    return f"""<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Skickar…</title></head>
<body onload="document.forms[0].submit()"><form method="post" action="{html.escape(fields['action'])}">{inputs}
<button type="submit">Fortsätt till Krami</button></form></body></html>"""


def query_of(location: str) -> dict:
    """The query of a redirect's Location as a flat dict."""
    return {k: v[0] for k, v in parse_qs(location.split("?", 1)[1]).items()}
