"""The audit trail: one way for every app to record who changed or looked at what.

Entries go to Wagtail's own log (ModelLogEntry, or PageLogEntry for pages), so
they show in the admin's history views and in the site history report, with
Wagtail's filters by user, action and date. Each app registers its actions in
its wagtail_hooks.py with `register_actions`; Wagtail validates the action when
the entry is saved, so a typo in an action name fails loudly instead of
writing an entry nobody can find.
"""

from wagtail.log_actions import log


def register_actions(registry, actions):
    """Register `{"app.thing.done": (label, past-tense message)}` with Wagtail's
    log action registry (the argument of the `register_log_actions` hook)."""
    for action, (label, message) in actions.items():
        registry.register_action(action, label, message)


def _actor(by):
    # Families act through signed links without an account: they log as nobody.
    return by if by is not None and by.is_authenticated else None


def log_change(instance, action, *, by, data=None):
    """Record that `by` changed `instance`. `data` holds identifiers and codes
    (a reason code, a count), never personal values: the log outlives erasure."""
    return log(instance, action, user=_actor(by), data=data or {})


def log_read(instance, action, *, by):
    """Record that `by` looked at sensitive data of `instance`. Reads never carry
    data: who, when and which object are what an access request asks for."""
    return log(instance, action, user=_actor(by), data={})
