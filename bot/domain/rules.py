"""Every threshold of the coaching rules, named once (coaching rules, 'Zones' and 'Progression').

The level table and the session shape live in ``bot.domain.ladder``; everything else numeric that
the clinical contract fixes lives here, so a change to the contract is a change to one line.
"""

from __future__ import annotations

from typing import Final

# Check-ins: 0–10 numeric rating scale, 0 = no pain, 10 = worst imaginable.
PAIN_MIN: Final = 0
PAIN_MAX: Final = 10

# Zones, with B = usual pain, P = peak pain during the session, M = next-morning pain.
# RED if P > max(RED_PEAK_FLOOR, B + RED_PEAK_OVER_BASELINE), P >= RED_PEAK_ALWAYS_FROM,
# or M >= B + RED_MORNING_OVER_BASELINE.
RED_PEAK_FLOOR: Final = 5
RED_PEAK_ALWAYS_FROM: Final = 9
RED_PEAK_OVER_BASELINE: Final = 1
RED_MORNING_OVER_BASELINE: Final = 2
# GREEN if P <= max(GREEN_PEAK_FLOOR, B) and M <= B.
GREEN_PEAK_FLOOR: Final = 3

# Advance one level: at least this many completed sessions at the level, the last ones all GREEN.
ADVANCE_LEVELS: Final = 1
ADVANCE_MIN_SESSIONS: Final = 3
ADVANCE_GREEN_STREAK: Final = 2
# Never more than one level up (advance or "make it harder") per this many days.
LEVEL_UP_EVERY_DAYS: Final = 7
# A high-baseline start stays at the floor level for the first week from its first session.
FIRST_WEEK_DAYS: Final = 7

# RED handling.
RED_DROP_LEVELS: Final = 1
REPEATED_RED_DROP_LEVELS: Final = 2
REDS_IN_A_ROW: Final = 2
REDS_IN_WINDOW: Final = 3
RED_WINDOW_DAYS: Final = 14

# Gaps since the last completed session (strictly more than these many days).
GAP_DROP_ONE_AFTER_DAYS: Final = 7
GAP_DROP_TWO_AFTER_DAYS: Final = 14
GAP_RESTART_AFTER_DAYS: Final = 28
GAP_DROP_ONE_LEVELS: Final = 1
GAP_DROP_TWO_LEVELS: Final = 2

# A session stopped early still counts as completed from this fraction done.
COMPLETED_FRACTION: Final = 0.8

# User overrides.
EASIER_DROP_LEVELS: Final = 1
HARDER_RAISE_LEVELS: Final = 1
HARDER_EVERY_DAYS: Final = 7

# Flare mode: level-0 walks of this length (minutes), or rest.
FLARE_WALK_MIN_MINUTES: Final = 10
FLARE_WALK_MAX_MINUTES: Final = 30
# Ends after this many check-ins, at least this many hours apart, with pain <= B + this.
FLARE_SETTLED_CHECKINS: Final = 2
FLARE_CHECKIN_HOURS_APART: Final = 48
FLARE_SETTLED_OVER_BASELINE: Final = 1
# Resumes this many levels below the level before the flare (never below the first level).
FLARE_RESUME_DROP_LEVELS: Final = 2

# The programme runs this many weeks, counted from its first session's day.
PROGRAMME_WEEKS: Final = 12

# Levels beyond the top are opt-in, offered after this many weeks or sessions at the top level.
BEYOND_TOP_AFTER_WEEKS: Final = PROGRAMME_WEEKS
BEYOND_TOP_AFTER_TOP_SESSIONS: Final = 6

# Outcome snapshots are taken in these programme weeks, as ASTEROID measured them.
SNAPSHOT_WEEKS: Final = (0, 6, 12)
# After the programme, a maintenance plan keeps this many sessions a week.
MAINTENANCE_SESSIONS: Final = (2, 3)
# runback's 0–10 scale beside the trial's 0–100 one.
TRIAL_SCALE_FACTOR: Final = 10
# ASTEROID at 12 weeks: sessions done of those prescribed, and average pain against the waitlist.
TRIAL_ADHERENCE: Final = 0.70
TRIAL_AVERAGE_PAIN_CHANGE_100: Final = -15.3
# The same on runback's 0–10 scale: about −1.5.
TRIAL_AVERAGE_PAIN_CHANGE: Final = round(TRIAL_AVERAGE_PAIN_CHANGE_100 / TRIAL_SCALE_FACTOR, 1)

# Remote support by a clinician the user chose.
# An invite link works for this many days after it is made, and for one person only.
INVITE_VALID_DAYS: Final = 7
# Open invites one clinician may hold at a time.
INVITES_OPEN_AT_MOST: Final = 10
# The weekly digest of all clients: this weekday (Monday is 0), at this local hour.
DIGEST_WEEKDAY: Final = 0
DIGEST_HOUR: Final = 8
# The digest and a client's page look back this many days for adherence and pain.
CLIENT_WINDOW_DAYS: Final = 7
