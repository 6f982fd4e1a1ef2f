"""The case page (`participants:detail`) is assembled from the register and what other apps add.

Intake owns the Krami path (information meeting to follow-ups) and its records, but intake
imports participants, not the other way round: it registers a provider here in its
AppConfig.ready(), as apps register home-page sections in `krami.home`. A provider gets the
user, the participant (with `visible` set by the access door) and the page's context so far (the
programme records already read, so it need not read them again), and returns what it adds:

- `next_action`: the case's next step (an object with `label` and `url`), the page's main button;
- `case_top`: templates shown first, under the main button (intake: the path as a task list);
- `case_sections`: templates shown among the folded sections of the record;
- anything else those templates read.

Templates are named by the provider, so no template of the register names another app's.

A provider may also ask for facts read with the record itself (`annotates`): expressions the
case page's query of the participant adds (participants/selectors/detail.py,
`case_page_records`), so that the page needs no statement of its own for them (issue 19).
"""

from __future__ import annotations

from collections.abc import Callable

# provider(*, user, participant, page: dict) -> dict
Provider = Callable[..., dict]

_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Decorator: `provider` adds to every case page's context."""
    _providers.append(provider)
    return provider


TEMPLATE_LISTS = ("case_top", "case_sections")


_annotations: list[Callable[[object], dict]] = []


def annotates(annotations: Callable[[object], dict]) -> Callable[[object], dict]:
    """Decorator: `annotations(user)` returns {name: expression over the participant} that the case
    page's record query adds; the provider reads them from the participant, and must read the same
    facts itself when a page's record came without them."""
    _annotations.append(annotations)
    return annotations


def annotations(user) -> dict:
    return {name: expression for provider in _annotations for name, expression in provider(user).items()}


def extend(page: dict, *, user, participant) -> dict:
    """`page` with what each registered provider adds (in registration order)."""
    for key in TEMPLATE_LISTS:
        page.setdefault(key, [])
    for provider in _providers:
        added = dict(provider(user=user, participant=participant, page=page))
        for key in TEMPLATE_LISTS:
            page[key] += added.pop(key, [])
        page.update(added)
    return page
