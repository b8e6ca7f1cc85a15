"""Every message runback sends, in one place (HTML parse mode).

The catalogue is split by feature; this package re-exports all of it, so ``texts.NAME``
works wherever the name lives. A new feature's texts go in their own module, added here.
"""

from bot.telegram.texts.audio import *  # noqa: F403
from bot.telegram.texts.clinic import *  # noqa: F403
from bot.telegram.texts.coaching import *  # noqa: F403
from bot.telegram.texts.formats import *  # noqa: F403
from bot.telegram.texts.general import *  # noqa: F403
from bot.telegram.texts.live import *  # noqa: F403
from bot.telegram.texts.onboarding import *  # noqa: F403
from bot.telegram.texts.outcomes import *  # noqa: F403
from bot.telegram.texts.progress import *  # noqa: F403
from bot.telegram.texts.reminders import *  # noqa: F403
from bot.telegram.texts.today import *  # noqa: F403
