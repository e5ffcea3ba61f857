import pytest

from guru.assistant.engine import engine_forget


@pytest.fixture(autouse=True)
def _fresh_engine():
    """Each test starts without this process's engine, as a new worker would."""
    engine_forget()
    yield
    engine_forget()


def add_section(page, *, heading: str, body: str, anchor: str = ""):
    """Publish a new revision of ``page`` with one more section."""
    page = page.specific
    page.body.append(
        ("section", {"heading": heading, "anchor": anchor, "body": f"<p>{body}</p>"})
    )
    page.fill_section_anchors()
    page.save_revision().publish()
    return page
