"""What a pass is, and the registry that lets config choose passes by name."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Protocol, TypeVar, runtime_checkable

from cleaner.core.document import Document
from cleaner.core.edits import Edit


class Pass(Protocol):
    """A named unit that reads a document and proposes edits; it never mutates text."""

    name: ClassVar[str]

    def edits(self, doc: Document) -> list[Edit]: ...


@runtime_checkable
class PassGroup(Protocol):
    """A pass made of steps that must each see the previous step's output.

    The pipeline applies each of ``stages`` as its own stage, so their edits
    may touch the same characters (a line ending, then a blank-line run).
    """

    name: ClassVar[str]
    stages: tuple[Pass, ...]


def stages_of(step: Pass | PassGroup) -> tuple[Pass, ...]:
    """The passes to apply one after another for ``step``."""
    return step.stages if isinstance(step, PassGroup) else (step,)


PassFactory = Callable[..., Pass | PassGroup]
_REGISTRY: dict[str, PassFactory] = {}
P = TypeVar("P", bound=PassFactory)


def register(name: str) -> Callable[[P], P]:
    """Class decorator: make a pass available to config under ``name``."""

    def decorate(factory: P) -> P:
        if name in _REGISTRY and _REGISTRY[name] is not factory:
            raise ValueError(f"a pass named {name!r} is already registered")
        _REGISTRY[name] = factory
        return factory

    return decorate


def registered() -> list[str]:
    return sorted(_REGISTRY)


def create(name: str, options: dict[str, Any] | None = None) -> Pass | PassGroup:
    """Build the pass registered as ``name``; an unknown name is an error, never ignored."""
    try:
        factory = _REGISTRY[name]
    except KeyError:
        known = ", ".join(registered())
        raise ValueError(f"unknown pass {name!r} (known passes: {known})") from None
    try:
        return factory(**(options or {}))
    except TypeError as error:
        raise ValueError(f"pass {name!r}: bad options {options!r}: {error}") from None


def check(name: str, options: dict[str, Any] | None = None) -> None:
    """Refuse an unknown name or option as ``create`` would, without building the pass
    (which for the rules pass means compiling every rule)."""
    factory = factory_of(name)
    try:
        inspect.signature(factory).bind(**(options or {}))
    except TypeError as error:
        raise ValueError(f"pass {name!r}: bad options {options!r}: {error}") from None


def foreign(names: Iterable[str]) -> dict[str, PassFactory]:
    """The registered passes among ``names`` that come from outside cleaner (yours).

    A config carries them when it is pickled: pickle records each by its module and
    name, and the process that unpickles the config imports that module (dill and
    cloudpickle carry a class of the driver script itself by value).
    """
    return {
        name: _REGISTRY[name]
        for name in names
        if name in _REGISTRY and not _REGISTRY[name].__module__.startswith("cleaner.")
    }


def adopt(factories: dict[str, PassFactory]) -> None:
    """Register passes that arrived with an unpickled config, unless their names are taken."""
    for name, factory in factories.items():
        _REGISTRY.setdefault(name, factory)


def defaults(factory: PassFactory) -> dict[str, Any]:
    """The keyword options a pass factory takes, with their defaults (for ``cleaner config``)."""
    return {
        name: parameter.default
        for name, parameter in inspect.signature(factory).parameters.items()
        if parameter.kind is parameter.KEYWORD_ONLY or parameter.default is not parameter.empty
    }


def factory_of(name: str) -> PassFactory:
    create(name)  # the same error for an unknown name
    return _REGISTRY[name]


class Decoder(Protocol):
    """What turns bytes into text before the first pass (:class:`cleaner.passes.decode.Decode`)."""

    name: ClassVar[str]

    def decode(self, data: bytes) -> Any: ...


#: The decoder's factory. It proposes no edits to text, so it is not among the passes
#: ``registered`` names; ``cleaner.passes.decode`` registers it, and core needs no import.
_DECODER: dict[str, Callable[..., Decoder]] = {}
D = TypeVar("D", bound=Callable[..., Decoder])


def register_decoder(factory: D) -> D:
    """Class decorator: the decoder a pipeline reads bytes with, built with options ``decode``."""
    _DECODER["decode"] = factory
    return factory


def check_decoder(options: dict[str, Any] | None = None) -> None:
    try:
        inspect.signature(_DECODER["decode"]).bind(**(options or {}))
    except TypeError as error:
        raise ValueError(f"pass 'decode': bad options {options!r}: {error}") from None


def create_decoder(options: dict[str, Any] | None = None) -> Decoder:
    return _DECODER["decode"](**(options or {}))
