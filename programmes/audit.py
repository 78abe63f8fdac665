"""The audit trail: one way for every app to record who changed or looked at what.

Entries go to Wagtail's own log (ModelLogEntry, or PageLogEntry for pages), so
they show in the admin's history views and in the site history report, with
Wagtail's filters by user, action and date. Each app registers its actions in
its wagtail_hooks.py with `register_actions`; Wagtail validates the action when
the entry is saved, so a typo in an action name fails loudly instead of
writing an entry nobody can find.

Reads and exports of personal data are registered as such
(`register_read_actions`, or `mark_reads` for actions registered elsewhere):
the "Who looked at what" report (views/read_audit.py) lists exactly those.
Which objects an app holds about a person is its own knowledge: each app
registers a subject lookup (`register_subjects`, from its AppConfig.ready),
so the report can answer "who looked at this person's data" while
programmes imports none of the other apps.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import capfirst
from wagtail.log_actions import get_active_log_context, log
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry

# One action for every download of an admin list with personal data; the
# entry's object is the list's content type ("which list").
EXPORTED = "programmes.personal_data.exported"

_read_actions = set()
_subject_lookups = []


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
    return _write(instance, action, user=_actor(by), data=data or {})


def _write(instance, action, *, user, data, title=None):
    """Wagtail's `log()`, without the two queries with which its save checks
    that the content type and the user exist: we hold both. On the desk that
    is a fifth of a roll call's save. The rest of Wagtail's validation stays,
    the registered action first. Pages keep Wagtail's own way."""
    model = log_action_registry.get_log_model_for_instance(instance)
    if model is not ModelLogEntry or instance.pk is None:
        return log(instance, action, user=user, data=data, title=title)
    context = get_active_log_context()
    entry = ModelLogEntry(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        label=title or ModelLogEntry.objects.get_instance_title(instance),
        action=action,
        timestamp=timezone.now(),
        data=data,
        user=user or context.user,
        uuid=context.uuid,
    )
    entry.clean()
    entry.clean_fields(exclude=["content_type", "user", "revision"])
    ModelLogEntry.objects.bulk_create([entry])
    return entry


def log_read(instance, action, *, by):
    """Record that `by` looked at sensitive data of `instance`. Reads never carry
    data: who, when and which object are what an access request asks for.
    The entry's title is the kind of object and its id, not its name (Wagtail
    would store `str(instance)`, a child's name): reports show the object as
    it is now, and nothing once it is erased."""
    return _write(instance, action, user=_actor(by), data={}, title=neutral_title(instance))


def log_export(model, *, by, export_format, rows):
    """Record that `by` downloaded a list of `model` rows: which list (its
    content type), the format and how many rows. Never the filters: a search
    for a family's name would put that name in the log."""
    return _write(
        ContentType.objects.get_for_model(model),
        EXPORTED,
        user=_actor(by),
        data={"format": export_format, "rows": rows},
        title=str(capfirst(model._meta.verbose_name_plural)),
    )


def neutral_title(instance):
    return f"{capfirst(instance._meta.verbose_name)} {instance.pk}"


def register_read_actions(registry, actions):
    """`register_actions` for actions that record a read or an export of
    personal data: they are listed in the "Who looked at what" report."""
    register_actions(registry, actions)
    mark_reads(*actions)


def mark_reads(*actions):
    """Mark actions registered elsewhere (with `register_actions`) as reads."""
    _read_actions.update(actions)


def read_actions():
    """The registered read and export actions, sorted. Scanning Wagtail's
    registry first runs every `register_log_actions` hook, which marks them."""
    log_action_registry.scan_for_actions()
    return sorted(action for action in _read_actions if log_action_registry.action_exists(action))


def register_subjects(lookup):
    """`lookup(person_ids)` returns `[(model, queryset)]`: the objects of
    `model` the app holds about those persons (a queryset of them or of their
    pks). `person_ids` is a list or a queryset of Person pks."""
    if lookup not in _subject_lookups:
        _subject_lookups.append(lookup)
    return lookup


def subjects_of(person_ids):
    """Every app's `[(model, queryset)]` about `person_ids`."""
    return [subject for lookup in _subject_lookups for subject in lookup(person_ids)]


def people_themselves(person_ids):
    """programmes' subjects: the persons and their households."""
    from programmes.models import Household, Person

    return [
        (Person, Person.objects.filter(pk__in=person_ids)),
        (Household, Household.objects.filter(members__in=person_ids)),
    ]
