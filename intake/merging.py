"""How intake's rows follow a merge of two records of one person (participants/merging.py).

Every other row of intake (interviews, assessments and their queue places, drug tests, closed
enrolments with their follow-ups and attendance) simply moves to the record that is kept.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intake.models import Episode, MeetingAttendance
from participants.merging import merge_rule

# The person on one meeting's attendance list from both records: one attendance, not two.
merge_rule(MeetingAttendance, duplicate_of=("meeting",))
# One open enrolment per person (episode_one_open_per_participant): the team settles which first.
merge_rule(
    Episode,
    only_one=Q(ended_on__isnull=True),
    refusal=_("Both records have an open enrolment: record the exit of one of them first."),
)
