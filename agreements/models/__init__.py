"""Local agreements (lokal överenskommelse): the agreement and its parts, and its costs.

DOMAIN.md, "Local agreement (lokal överenskommelse) — Stockholm 2023 as the model". Every
model keeps its history (django-simple-history): who changed what, when, before and after.
"""

from agreements.models.agreement import (
    AgeLimit,
    Agreement,
    AgreementParty,
    AgreementStatus,
    EligibleMunicipality,
    InflowMeasure,
    InflowTarget,
    OutcomeDenominator,
)
from agreements.models.costs import ActualCost, CostCategory, CostShare, SplitMethod
from agreements.models.staffing import SharedRole, StaffingLine

__all__ = [
    "ActualCost",
    "AgeLimit",
    "Agreement",
    "AgreementParty",
    "AgreementStatus",
    "CostCategory",
    "CostShare",
    "EligibleMunicipality",
    "InflowMeasure",
    "InflowTarget",
    "OutcomeDenominator",
    "SharedRole",
    "SplitMethod",
    "StaffingLine",
]
