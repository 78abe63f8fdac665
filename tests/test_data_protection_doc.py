"""docs/data_protection.md lists every field with personal data: every model
of ours that points at a household, a person, a child's profile, a volunteer
or a user has all its fields in the doc's table, and every field the doc
names exists. A new model or field without its row fails here."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

from programmes import retention

DOC = Path(__file__).resolve().parents[1] / "docs" / "data_protection.md"
OUR_APPS = ("programmes", "groceries", "holiday_play", "website")
PERSONAL = {"programmes.household", "programmes.person", "holiday_play.childprofile", "programmes.volunteer"}
ROW = re.compile(r"^\| `(?P<model>\w+\.\w+)`(?: / `\w+`)? \((?P<fields>[^)]*)\)", re.MULTILINE)


def documented():
    """{"app.model": {field names}} from the doc's table (several rows may name one model)."""
    fields = {}
    for row in ROW.finditer(DOC.read_text()):
        names = {name.strip() for name in row["fields"].split(",")}
        fields.setdefault(row["model"].lower(), set()).update(names)
    return fields


def personal_models():
    user_model = settings.AUTH_USER_MODEL.lower()
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        label = model._meta.label_lower
        targets = {
            field.related_model._meta.label_lower
            for field in model._meta.get_fields()
            if field.is_relation and field.concrete and field.related_model is not None
        }
        # A link to a user alone is "who recorded it", not data about a family.
        if label in PERSONAL or targets & PERSONAL or (targets & {user_model} and label == "programmes.volunteer"):
            yield model


def own_fields(model):
    """The model's own columns and many-to-many fields; the primary key (an id,
    or a page model's link to its parent) holds no data of its own."""
    columns = {field.name for field in model._meta.local_concrete_fields if not field.primary_key}
    return columns | {field.name for field in model._meta.local_many_to_many}


def test_every_model_with_personal_data_has_all_its_fields_in_the_doc():
    doc = documented()
    missing = {}
    for model in personal_models():
        label = model._meta.label_lower
        undocumented = own_fields(model) - doc.get(label, set())
        if undocumented:
            missing[label] = sorted(undocumented)
    assert not missing, f"docs/data_protection.md lacks these fields: {missing}"


def test_every_field_the_doc_names_exists():
    wrong = {}
    for label, names in documented().items():
        app_label, model_name = label.split(".")
        if app_label not in OUR_APPS:
            continue
        model = apps.get_model(app_label, model_name)
        existing = {field.name for field in model._meta.get_fields()}
        unknown = {name for name in names if name not in existing}
        if unknown:
            wrong[label] = sorted(unknown)
    assert not wrong, f"docs/data_protection.md names fields that do not exist: {wrong}"


# The retention task and the doc: rows whose retention column says
# "(`apply_retention`)" are the fields the registered rules carry out.

MARKED = "(`apply_retention`)"


def fields_the_doc_gives_the_task():
    """{"app.model.field"} of the rows whose retention cell is marked."""
    fields = set()
    for line in DOC.read_text().splitlines():
        row = ROW.match(line)
        if row is None:
            continue
        cells = line.strip().strip("|").split("|")
        assert len(cells) == 5, f"a row of the table has {len(cells)} cells: {line[:80]}"
        if MARKED in cells[3]:
            label = row["model"].lower()
            fields |= {f"{label}.{name.strip()}" for name in row["fields"].split(",")}
    return fields


def fields_the_rules_carry_out(rules):
    """{"app.model.field"} the rules declare; "app.Model.*" stands for every
    field the doc lists for that model (or for itself if the doc has none)."""
    doc = documented()
    fields = set()
    for rule in rules:
        for name in rule.fields:
            app_label, model_name, field_name = name.split(".")
            label = f"{app_label}.{model_name}".lower()
            if field_name == "*":
                fields |= {f"{label}.{field}" for field in doc.get(label, {"*"})}
            else:
                fields.add(f"{label}.{field_name}")
    return fields


def mismatch(rules):
    doc, code = fields_the_doc_gives_the_task(), fields_the_rules_carry_out(rules)
    return {
        "rules for fields the doc does not give the task": sorted(code - doc),
        "rows without a rule": sorted(doc - code),
    }


def test_every_rule_names_the_fields_it_carries_out():
    assert all(rule.fields for rule in retention.rules()), [rule.name for rule in retention.rules() if not rule.fields]


def test_the_doc_and_the_retention_rules_name_the_same_fields():
    assert mismatch(retention.rules()) == {
        "rules for fields the doc does not give the task": [],
        "rows without a rule": [],
    }


def test_an_undocumented_rule_or_a_rule_missing_from_the_code_fails():
    rules = retention.rules()
    extra = retention.Rule("test: visits' persons", None, ("groceries.Visit.persons", "groceries.Household.*"))
    assert mismatch([*rules, extra])["rules for fields the doc does not give the task"] == ["groceries.household.*"]
    without_door_checks = [rule for rule in rules if "groceries.CheckAttempt.*" not in rule.fields]
    assert "groceries.checkattempt.ip" in mismatch(without_door_checks)["rows without a rule"]
