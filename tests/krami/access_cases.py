from tests.access.registry import has_role_in_unit, logged_in, public, scoped

public("krami:login")
public("set_language", method="POST")
scoped("krami:home", allowed=logged_in)
public("krami:logout", method="POST")
scoped("krami:two_factor", allowed=logged_in)
scoped("krami:keep_alive", method="POST", allowed=logged_in, ok_statuses={204})
scoped("krami:glossary", allowed=logged_in)
scoped("krami:access_log", kwargs=lambda w: {"unit_id": w.unit.pk}, allowed=has_role_in_unit("samordnare"))
scoped("krami:account_settings", allowed=logged_in)

# Sign-in through the organisation's identity provider (issue 20): public by nature (the provider's
# answers arrive before anyone is logged in); what they accept is tested in tests/krami/federation/.
public("saml2:login")  # without a configured provider: back to the login page
public("saml2:acs", method="POST", ok_statuses={400})  # no SAMLResponse
public("saml2:ls", ok_statuses={400})  # no SAMLResponse or SAMLRequest
public("saml2:ls_post", method="POST", ok_statuses={400})
public("saml2:metadata", ok_statuses={404})  # no metadata while Krami has no key pair of its own
# For operators (issue 20, docs/operations.md): public by design, no personal data in them.
public("krami:healthz")
public("krami:readyz")
public("krami:metrics", ok_statuses={404})  # off by default; when on, only with the token or from an allowed address
