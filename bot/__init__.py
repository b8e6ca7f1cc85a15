"""runback: a Telegram coach that brings adults with chronic low back pain back to running."""

import os

# python-telegram-bot 22 returns time periods (a 429's retry_after, durations) as int seconds
# and warns that they become timedelta; opting in now keeps one behaviour across versions.
os.environ.setdefault("PTB_TIMEDELTA", "true")
