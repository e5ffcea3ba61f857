"""File names: whatever a shared drive holds, the stored name is safe."""

from hypothesis import given
from hypothesis import strategies as st

from guru.documents.files import display_name, extension_of, safe_storage_name


@given(st.text(min_size=1, max_size=300), st.sampled_from(["pdf", "docx", "txt", ""]))
def test_stored_name_is_short_plain_ascii_and_keeps_the_extension(stem, extension):
    name = f"{stem}.{extension}" if extension else stem
    stored = safe_storage_name(name)
    assert stored and stored.isascii() and len(stored) <= 90
    assert "/" not in stored and "\\" not in stored and not stored.startswith(".")
    assert set(stored) <= set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"
    )
    if extension and extension_of(name) == extension:
        assert stored.endswith(f".{extension}")


@given(st.text(min_size=1, max_size=300))
def test_display_name_has_no_path_and_no_control_characters(name):
    shown = display_name(name)
    assert shown and len(shown) <= 255
    assert "/" not in shown and "\\" not in shown
    assert all(ord(ch) >= 32 and ord(ch) != 127 for ch in shown)


def test_swedish_letters_survive_in_the_display_name_and_fold_in_storage():
    assert display_name("Årsplan för ÖVERSIKT.docx") == "Årsplan för ÖVERSIKT.docx"
    assert safe_storage_name("Årsplan för ÖVERSIKT.docx") == "Arsplan-for-OVERSIKT.docx"
