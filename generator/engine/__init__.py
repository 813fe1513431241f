"""The one rules engine: evaluates a compiled list for a person profile.

It depends on the Python standard library only and imports nothing from the rest of the project, so the very same
files run in the command line, the site build and the browser (under Pyodide). Its input is the compiled,
JSON-serialisable form of a region's effective list (see ``generator.model.compile``).
"""
from .evaluate import Engine, evaluate
from .profile import ProfileError, validate_profile

__all__ = ["Engine", "evaluate", "ProfileError", "validate_profile"]
