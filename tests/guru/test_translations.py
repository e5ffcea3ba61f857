"""Wagtail's admin speaks Swedish throughout: every string of the installed Wagtail
apps has a Swedish translation, from Wagtail's catalog or Guru's own
(src/guru/locale/sv), so editors never meet "Autosave is paused" or the English
notice about who may schedule a page."""

import ast
import json
import re
from pathlib import Path

from django.apps import apps
from django.utils.translation import trans_real

ENTRY = re.compile(r'^(msgctxt|msgid|msgid_plural) (".*")$')


def _english_strings(path: Path) -> list[tuple[str, bool]]:
    """(key as in a gettext catalog, has a plural) of each entry of a .po file."""
    entries, entry, field = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if match := ENTRY.match(line):
            field = match.group(1)
            entry[field] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and field:
            entry[field] += ast.literal_eval(line)
        elif not line.strip():
            if entry.get("msgid"):
                key = entry["msgid"]
                if "msgctxt" in entry:
                    key = f"{entry['msgctxt']}\x04{key}"
                entries.append((key, "msgid_plural" in entry))
            entry, field = {}, None
        else:
            field = None if line.startswith("msgstr") else field
    return entries


def _wagtail_catalogs(domain: str = "django") -> list[tuple[str, Path]]:
    found = []
    for app in apps.get_app_configs():
        path = Path(app.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        if app.name.startswith("wagtail") and path.exists():
            found.append((app.name, path))
    return found


def test_every_string_of_the_installed_wagtail_apps_has_a_swedish_translation():
    catalog = trans_real.translation("sv")._catalog
    catalogs = _wagtail_catalogs()
    assert {"wagtail.admin", "wagtail"} <= {name for name, _path in catalogs}

    missing = [
        f"{name}: {key!r}"
        for name, path in catalogs
        for key, plural in _english_strings(path)
        if ((key, 0) if plural else key) not in catalog
    ]

    assert missing == [], "Saknar svensk översättning:\n" + "\n".join(missing)


def test_every_string_of_wagtails_admin_scripts_has_a_swedish_translation(
    client, editor
):
    # the catalog as Wagtail's admin scripts get it ("Autosave in progress…")
    client.force_login(editor)
    catalog = client.get("/admin/jsi18n/").content.decode()

    missing = [
        f"{name}: {key!r}"
        for name, path in _wagtail_catalogs("djangojs")
        for key, _plural in _english_strings(path)
        if json.dumps(key) + ":" not in catalog
    ]

    assert missing == [], "Saknar svensk översättning:\n" + "\n".join(missing)


def test_the_schedule_dialog_and_autosave_notice_are_in_swedish(
    client, handbook, editor
):
    client.force_login(editor)
    page = handbook["beslutsmotivering"]
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()

    assert "Alla som får redigera kan sätta ett schema" in html
    assert "Automatisk sparning är pausad" in html
    for english in ("Anyone with editing permissions", "Autosave is paused"):
        assert english not in html


def test_a_yes_or_no_column_is_read_out_in_swedish(client, editor, django_user_model):
    admin = django_user_model.objects.create_superuser("chef", "chef@example.se", "x")
    client.force_login(admin)

    html = client.get("/admin/users/").content.decode()

    hidden = re.findall(r'<span class="w-sr-only">\s*(\w+)\s*</span>', html)
    assert "Ja" in hidden
    assert not {"True", "False", "None"} & set(hidden)
