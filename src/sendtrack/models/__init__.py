"""pydantic models only, no I/O: one module per file kind."""

from sendtrack.models.measures import Measure, MeasureFile
from sendtrack.models.meetings import Meeting
from sendtrack.models.plan import Action, Milestone, Outcome, Priority, Reprofile
from sendtrack.models.risks import Risk, RiskRegister
from sendtrack.models.settings import Settings, Workstream
from sendtrack.models.tracker import ActionLog, BoardAction

__all__ = [
    "Action",
    "ActionLog",
    "BoardAction",
    "Measure",
    "MeasureFile",
    "Meeting",
    "Milestone",
    "Outcome",
    "Priority",
    "Reprofile",
    "Risk",
    "RiskRegister",
    "Settings",
    "Workstream",
]
