"""How a partnership colours health: presets, each colour with a text label and a symbol.

Why colour is configuration and not health: the sources disagree. The board's minutes say
amber = delayed and red = off track; the Priority Action Plan's own key says amber = on
track and red = delayed; NHS England's framework rates with five colours (BRAG). The
same milestone must read correctly to each audience, so ``plan/partnership.yaml`` names
a scheme (``colour_scheme``) and every renderer asks ``colour_for``.

Why every colour carries a label and a symbol: colour alone fails accessibility rules for
public-sector documents (WCAG 1.4.1), and a printed board pack is often black and white.
Renderers print ``symbol``, ``name`` and the health's label together, always.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sendtrack.plan.health import Health


@dataclass(frozen=True)
class Colour:
    """One colour as printed: name (the word used in JSON), symbol and display values."""

    name: str
    """'red', 'amber', 'yellow', 'green', 'blue' or 'grey'."""
    symbol: str
    """A shape distinct for every colour, so the meaning survives without colour."""
    style: str
    """A terminal style (rich colour name) used when colour is on."""
    ansi: str
    """The same as an ANSI SGR parameter string, for renderers that write escapes."""
    hex: str
    """A background for HTML and spreadsheets, chosen for contrast with black text."""

    @property
    def label(self) -> str:
        """'Red', 'Amber': the word printed beside the symbol."""
        return self.name.capitalize()

    def badge(self, health: Health) -> str:
        """'▲ Amber (delayed)': symbol, colour word and the health it stands for."""
        return f"{self.symbol} {self.label} ({health.label})"


RED: Final = Colour("red", "✖", "bold red", "1;31", "#f4b6b6")
AMBER: Final = Colour("amber", "▲", "dark_orange", "38;5;208", "#ffd59e")
YELLOW: Final = Colour("yellow", "◆", "yellow", "33", "#fff3a3")
GREEN: Final = Colour("green", "●", "green", "32", "#b9e3c0")
BLUE: Final = Colour("blue", "★", "blue", "34", "#bcd7f5")
GREY: Final = Colour("grey", "○", "dim", "2", "#e2e2e2")

COLOURS: Final = (RED, AMBER, YELLOW, GREEN, BLUE, GREY)


@dataclass(frozen=True)
class Scheme:
    """A named mapping from health to colour, with where it comes from."""

    name: str
    title: str
    source: str
    mapping: dict[Health, Colour]

    def colour(self, health: Health) -> Colour:
        return self.mapping[health]


BOARD: Final = Scheme(
    "board",
    "How the board talks (default)",
    "the board's minutes, 3 Nov 2025: 'delayed (amber) or off track (red)'",
    {
        Health.OFF_TRACK: RED,
        Health.DELAYED: AMBER,
        Health.ON_TRACK: GREEN,
        Health.COMPLETE: GREEN,
        Health.CARRIED_FORWARD: GREY,
        Health.WITHDRAWN: GREY,
    },
)

PAP: Final = Scheme(
    "pap",
    "The Priority Action Plan's key",
    "the PAP (V4, 5 Mar 2025): 'Red: actions delayed and not on track; Amber: actions on "
    "track; Green: actions completed'",
    {
        Health.OFF_TRACK: RED,
        Health.DELAYED: RED,
        Health.ON_TRACK: AMBER,
        Health.COMPLETE: GREEN,
        Health.CARRIED_FORWARD: GREY,
        Health.WITHDRAWN: GREY,
    },
)

# NHS England's BRAG rates impact, which no date can show: blue ("completed and clear
# impact of progress") is never derived, so complete maps to green ("all actions
# completed"), on track to yellow ("progress has been made"), delayed to amber ("some
# progress … no impact") and off track to red ("no progress").
NHSE_BRAG: Final = Scheme(
    "nhse-brag",
    "NHS England's BRAG ratings",
    "NHSE Quality Assurance Framework scoring criteria (ICB paper, 19 Mar 2025, appendix 1)",
    {
        Health.OFF_TRACK: RED,
        Health.DELAYED: AMBER,
        Health.ON_TRACK: YELLOW,
        Health.COMPLETE: GREEN,
        Health.CARRIED_FORWARD: GREY,
        Health.WITHDRAWN: GREY,
    },
)

SCHEMES: Final[dict[str, Scheme]] = {scheme.name: scheme for scheme in (BOARD, PAP, NHSE_BRAG)}
"""Every preset by name; the names are the values ``colour_scheme`` accepts."""

DEFAULT_SCHEME: Final = BOARD.name


def colour_for(health: Health, scheme: str = DEFAULT_SCHEME) -> Colour:
    """The colour of ``health`` in the named scheme (KeyError names the known schemes)."""
    try:
        chosen = SCHEMES[scheme]
    except KeyError:
        raise KeyError(f"unknown colour scheme '{scheme}'; known: {', '.join(SCHEMES)}") from None
    return chosen.colour(health)


def badge(health: Health, scheme: str = DEFAULT_SCHEME) -> str:
    """'▲ Amber (delayed)': symbol, colour word and health, as printed in plain text."""
    return colour_for(health, scheme).badge(health)
