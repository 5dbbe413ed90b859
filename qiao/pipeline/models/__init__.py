"""The pipeline's models, one module per noun group (STYLE.md §3.5)."""

from qiao.pipeline.models.agreement_changes import AgreementChange, AgreementConsent
from qiao.pipeline.models.agreements import (
    Agreement,
    AgreementDocument,
    AgreementGroup,
    AgreementParty,
    _document_path,
)
from qiao.pipeline.models.introductions import (
    Introduction,
    IntroductionEvent,
    IntroductionMessage,
)
from qiao.pipeline.models.projects import (
    Milestone,
    Project,
    ProjectFunding,
    ProjectProvider,
    ProjectStage,
)

__all__ = [
    "Agreement",
    "AgreementChange",
    "AgreementConsent",
    "AgreementDocument",
    "AgreementGroup",
    "AgreementParty",
    "Introduction",
    "IntroductionEvent",
    "IntroductionMessage",
    "Milestone",
    "Project",
    "ProjectFunding",
    "ProjectProvider",
    "ProjectStage",
    "_document_path",
]
