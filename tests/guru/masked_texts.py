"""Texts that fit their column as typed and not once a personnummer is masked."""

PERSONNUMMER = "19850101-2382"


def typed_at(length: int, start: str) -> str:
    """``start`` (holding ``PERSONNUMMER``) filled to ``length`` characters: one
    more once masked, as the mask has 14 characters and the number 13."""
    assert PERSONNUMMER in start
    return f"{start} " + "x" * (length - len(start) - 1)


def too_long(limit: int) -> str:
    """The message for a text at ``limit`` characters that the mask made longer."""
    return f"Skriv högst {limit} tecken (nu {limit + 1} när personnummer är maskerade)."
