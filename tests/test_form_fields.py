"""Form fields have one home: templates/components/fields.html renders every GOV.UK input, select,
checkbox, radio, textarea and file upload from its WTForms field (label, hint, error, typed value), so
an error looks and links the same on every page."""
from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
HOME = TEMPLATES / "components" / "fields.html"
HAND_WRITTEN_CONTROL = re.compile(
    r'class="govuk-(?:input|select|textarea|file-upload|checkboxes__input|radios__input)\b')


def test_no_template_but_the_fields_macros_writes_a_form_control_by_hand():
    found = sorted(
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html") if path != HOME
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if HAND_WRITTEN_CONTROL.search(line)
    )
    assert found == [], "render the field with a macro of components/fields.html"

