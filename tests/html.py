"""Checks on rendered HTML shared by the view tests."""

from bs4 import BeautifulSoup

REFERRING = ("aria-describedby", "aria-labelledby", "aria-controls")


def dangling_references(html: str) -> list[str]:
    """``attribute=id`` for each ARIA reference or label ``for`` naming no element.

    Django renders ``aria-describedby="id_x_error"`` (and ``_helptext``) on a
    field with errors; a template that prints the errors itself must give them
    that id, or a screen reader reads the field without its message.
    """
    soup = BeautifulSoup(html, "lxml")
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    missing = []
    for attribute in REFERRING:
        for tag in soup.find_all(attrs={attribute: True}):
            missing += [
                f"{attribute}={ref}" for ref in tag[attribute].split() if ref not in ids
            ]
    for label in soup.find_all("label", attrs={"for": True}):
        if label["for"] not in ids:
            missing.append(f"for={label['for']}")
    return missing
