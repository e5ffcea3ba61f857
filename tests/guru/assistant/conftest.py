import pytest

from guru.assistant.engine import engine_forget
from tests.guru.assistant.fake_chat import FakeChat


@pytest.fixture(autouse=True)
def _fresh_engine():
    """Each test starts without this process's engine, as a new worker would."""
    engine_forget()
    yield
    engine_forget()


@pytest.fixture
def chat(settings):
    """The generated-answer back-end on, pointed at a fake server on 127.0.0.1."""
    fake = FakeChat()
    fake.use(settings)
    yield fake
    fake.close()


def add_section(page, *, heading: str, body: str, anchor: str = ""):
    """Publish a new revision of ``page`` with one more section."""
    page = page.specific
    page.body.append(
        ("section", {"heading": heading, "anchor": anchor, "body": f"<p>{body}</p>"})
    )
    page.fill_section_anchors()
    page.save_revision().publish()
    return page
