"""The authentication backend of federated sign-in.

It authenticates only an account that `krami.federation.services.person_for` already found for a
verified assertion (the `federated_user` argument, which no login form can supply). It comes after
django-axes' backend in AUTHENTICATION_BACKENDS, so a locked-out (username, IP) is refused here too.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


class FederatedBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, federated_user=None, **kwargs):
        if federated_user is None or password is not None:
            return None
        if username != federated_user.get_username() or not self.user_can_authenticate(federated_user):
            return None
        return federated_user
