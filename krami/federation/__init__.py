"""Sign-in through an organisation's identity provider (SAML 2.0, issue 20).

The provider says who a person is; Krami alone decides what they may do. Only a Krami account an
administrator created, employed by the provider's organisation and linked to the value of the
provider's identifying attribute, can sign in this way; nobody gets an account, let alone rights,
by signing in. See docs/security.md, "Federated sign-in".

- `models.py`: the provider per organisation, the links to accounts, the assertions already used.
- `metadata.py`: reading a provider's metadata (entity ID, single logout).
- `config.py`: the pysaml2 service-provider configuration, built from the active providers.
- `services.py`: resolving the person, recording a used assertion (replay), the audit entries.
- `views.py`: the djangosaml2 views with Krami's refusals, lock-out and second-factor rule.
"""
