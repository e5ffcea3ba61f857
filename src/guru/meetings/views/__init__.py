"""Views of ledningsgruppen's module, one module per subject; all thin."""
