"""The one rules engine: evaluates a compiled list for a person profile.

It depends on the Python standard library and on the typed model it evaluates (:mod:`generator.model`'s conditions,
terms, list content and facts, themselves standard library only) and on nothing else of the project, so the very
same files run in the command line, the site build and the browser (under Pyodide, as the engine's own wheel: see
generator/site/calculator/runtime.py). Its input is the compiled, JSON-serialisable form of a region's effective
list (see ``generator.model.compile``).
"""
from .evaluate import Engine, evaluate
from .profile import ProfileError, validate_profile

__all__ = ["Engine", "evaluate", "ProfileError", "validate_profile"]
