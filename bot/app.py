"""The composition root: the use cases bound to settings, a database and a clock, and the PTB
application whose handlers reach them as ``context.services``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from functools import partial

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)

from bot import metrics
from bot.clock import Clock, Stopwatch, SystemStopwatch
from bot.config import Settings, WebhookSettings
from bot.scheduling import clinic as clinic_queue
from bot.scheduling import reminders as reminder_queue
from bot.scheduling.election import Election
from bot.scheduling.live import LiveTimers
from bot.services.container import Services
from bot.services.rendering import Renderer
from bot.storage.db import Database
from bot.storage.leadership import scheduler_lock
from bot.telegram import buttons, live, once, slow_replies, texts
from bot.telegram.clinic_buttons import CLINIC
from bot.telegram.clinic_outbox import ClinicOutbox
from bot.telegram.context import CONTEXT_TYPES, SERVICES
from bot.telegram.handlers import (
    account,
    audio,
    beyond_top,
    clinic,
    coaching,
    general,
    groups,
    onboarding,
    outcomes,
    progress,
    reminders,
    schedule,
    session,
    settings,
    today,
)
from bot.telegram.observed import ObservedApplication
from bot.telegram.ordering import ChatOrderedProcessor
from bot.telegram.rate_limit import PacedRateLimiter
from bot.telegram.reminder_outbox import ReminderOutbox
from bot.telegram.request import AiohttpRequest
from bot.telegram.sender import Pacer, TelegramOutbox

log = logging.getLogger(__name__)

REQUESTS = "http_requests"
ELECTION = "scheduler_election"
ELECTION_TIMEOUT_SECONDS = 5.0
"""How long one election query may take before the database counts as unreachable."""
FINISH_UPDATES_SECONDS = 8.0
"""How long a stop waits for updates in hand, so the process exits within 10 s of SIGTERM."""
# The main-menu buttons handled with /settings; Today and Help stay with the general ones.
_MENU_MORE = (buttons.MenuChoice.START, buttons.MenuChoice.PLAN, buttons.MenuChoice.PROGRESS,
              buttons.MenuChoice.SETTINGS)


def build_application(settings: Settings, db: Database, clock: Clock,
                      stopwatch: Stopwatch | None = None,
                      renderer: Renderer | None = None) -> Application:  # type: ignore[type-arg]
    """The bot, with every handler registered; not yet started.

    ``clock`` says what time it is; ``stopwatch`` paces every send (real by default);
    ``renderer`` draws charts and reports (in threads by default).
    """
    requests = (AiohttpRequest(), AiohttpRequest(connections=1))  # calls, then getUpdates
    pace = stopwatch or SystemStopwatch()
    application = (
        Application.builder()
        .application_class(ObservedApplication)
        .token(settings.telegram.token)
        .base_url(settings.telegram.api_base_url)
        .base_file_url(settings.telegram.file_base_url)
        .context_types(CONTEXT_TYPES)
        .concurrent_updates(ChatOrderedProcessor())
        .request(requests[0])
        .get_updates_request(requests[1])
        .defaults(Defaults(parse_mode=ParseMode.HTML,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(PacedRateLimiter(
            overall=settings.telegram.max_messages_per_second,
            per_chat=settings.telegram.max_messages_per_chat_per_second,
            sleep=pace.sleep, clock=pace.monotonic,
        ))
        .build()
    )
    services = Services(db, clock, settings, renderer)
    application.bot_data[SERVICES] = services
    application.bot_data[REQUESTS] = requests
    timers = partial(LiveTimers, application.job_queue, clock)
    runner = application.bot_data[live.KEY] = live.SessionRunner(application.bot, services,
                                                                  timers)
    runner.leading = False  # until the election says otherwise
    metrics.ACTIVE_SESSIONS.set_function(lambda: len(runner.running))
    slow_replies.attach(application)
    reminder_queue.install(application, db, clock, settings,
                           ReminderOutbox(scheduled_sends(application, pace)))
    clinic_queue.install(application, db, clock, ClinicOutbox(scheduled_sends(application, pace)),
                         settings.schedule.tick_seconds)
    application.bot_data[ELECTION] = election(application, settings, runner)
    add_handlers(application)
    return application


def election(application: Application, settings: Settings,  # type: ignore[type-arg]
             runner: live.SessionRunner) -> Election:
    """The process's part in choosing the one that schedules: a follower tries, and a leader
    checks its hold, three times within ``schedule.takeover_seconds``."""
    takeover = settings.schedule.takeover_seconds
    lock = scheduler_lock(settings.database.url, dead_after=takeover,
                          timeout=min(ELECTION_TIMEOUT_SECONDS, takeover / 3))

    async def changed(session_id: int | None) -> None:
        await (runner.sweep() if session_id is None else runner.reconcile(session_id))

    return Election(lock, interval=takeover / 3,
                    on_elected=partial(start_scheduling, application),
                    on_deposed=partial(stop_scheduling, application),
                    on_heartbeat=runner.sweep, on_changed=changed)


def scheduled_sends(application: Application,  # type: ignore[type-arg]
                    stopwatch: Stopwatch) -> TelegramOutbox:
    """Sends of a queue (reminders, clinic alerts) through the bot, each queue paced to the
    reminder budget by ``stopwatch``."""
    pacer = Pacer(reminder_queue.REMINDERS_PER_SECOND, clock=stopwatch.monotonic)
    return TelegramOutbox(application.bot, pacer, sleep=stopwatch.sleep)


def add_handlers(application: Application) -> None:  # type: ignore[type-arg]
    """Register every handler, most specific first; an update delivered again is dropped,
    and groups and channels stop at the first."""
    once.attach(application)
    application.add_handler(groups.handler())
    private = filters.ChatType.PRIVATE
    commands = {
        "start": clinic.on_start,
        "today": today.on_today,
        "help": general.on_help,
        "reset": account.on_reset,
        "delete": account.on_delete,
        "plan": coaching.on_plan,
        "progress": progress.on_progress,
        "report": progress.on_report,
        "export": progress.on_export,
        "easier": coaching.on_easier,
        "harder": coaching.on_harder,
        "flare": coaching.on_flare,
        "go": session.on_go,
        "schedule": schedule.on_schedule,
        "pause": schedule.on_pause,
        "resume": schedule.on_resume,
        "cleared": coaching.on_cleared,
        "settings": settings.on_settings,
        "clinic": clinic.on_clinic,
        "clients": clinic.on_clients,
        "adjust": clinic.on_adjust,
        "sharing": clinic.on_sharing,
        "unlink": clinic.on_unlink,
    }
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback, filters=private))
    application.add_handler(general.InlineButtonHandler(general.on_inline_button))
    menu_more = "|".join(choice.value for choice in _MENU_MORE)
    application.add_handler(CallbackQueryHandler(
        settings.on_menu_button, pattern=rf"^{buttons.MENU}\{buttons.SEPARATOR}({menu_more})$"))
    presses = {
        buttons.SETTINGS: settings.on_settings_button,
        buttons.ONBOARDING: onboarding.on_button,
        buttons.MENU: general.on_menu_button,
        buttons.RESET: account.on_reset_button,
        buttons.DELETE: account.on_delete_button,
        buttons.FLARE: coaching.on_flare_button,
        buttons.HOLD: coaching.on_hold_button,
        buttons.SYMPTOM: coaching.on_symptom_button,
        buttons.BEGIN: session.on_begin_button,
        buttons.LIVE: session.on_live_button,
        buttons.CHECK: session.on_checkin_button,
        buttons.START_NOW: reminders.on_start_now,
        buttons.REMINDER: reminders.on_reminder_button,
        buttons.MORNING_PAIN: reminders.on_morning_pain,
        buttons.WEEKLY_PAIN: reminders.on_weekly_pain,
        buttons.FLARE_MESSAGE: reminders.on_flare_message_pain,
        buttons.BEYOND_TOP: beyond_top.on_beyond_top_button,
        buttons.SNAPSHOT: outcomes.on_snapshot_button,
        buttons.CLOSE: outcomes.on_close_button,
        buttons.AUDIO: audio.on_audio_button,
        CLINIC: clinic.on_button,
    }
    for kind, callback in presses.items():
        pattern = rf"^{kind}\{buttons.SEPARATOR}"
        application.add_handler(CallbackQueryHandler(callback, pattern=pattern))
    application.add_handler(CallbackQueryHandler(general.on_unknown_button))
    message = filters.UpdateType.MESSAGE & private
    application.add_handler(MessageHandler(message & filters.COMMAND, general.on_unknown_command))
    application.add_handler(MessageHandler(message, settings.on_message))
    edited = filters.UpdateType.EDITED_MESSAGE & private
    application.add_handler(MessageHandler(edited, general.on_edited_message))
    application.add_handler(ChatMemberHandler(account.on_my_chat_member,
                                              ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_error_handler(general.on_error)


async def start(application: Application, *, poll_timeout: int = 30,  # type: ignore[type-arg]
                webhook: WebhookSettings | None = None) -> None:
    """Connect, register the command list with Telegram, start the handlers, stand for the
    scheduler election (a lone process wins it at once and starts the scheduler), then receive
    updates: by long polling, or, given ``webhook``, where Telegram posts them."""
    await application.initialize()
    commands = [BotCommand(name, description) for name, description in texts.COMMANDS]
    await application.bot.set_my_commands(commands)
    await application.start()
    await application.bot_data[SERVICES].updates.forget_old()
    await application.bot_data[ELECTION].begin()
    if webhook is not None:
        # Also drops polling: Telegram then answers getUpdates with 409.
        await application.bot.set_webhook(webhook.url, secret_token=webhook.secret_token,
                                          allowed_updates=Update.ALL_TYPES)
        log.info("receiving updates at the webhook as @%s", application.bot.username)
        return
    assert application.updater is not None
    await application.updater.start_polling(
        poll_interval=0.0, timeout=poll_timeout, allowed_updates=Update.ALL_TYPES
    )
    log.info("polling for updates as @%s", application.bot.username)


async def start_scheduling(application: Application) -> None:  # type: ignore[type-arg]
    """Run the scheduler in this process: pick up live sessions, then tick the reminder queue.

    The one place that decides this process times sessions and sends reminders; the
    election calls it once this process leads (at once with SQLite, where it always does).
    """
    restored = await application.bot_data[live.KEY].restore()
    if restored:
        log.info("picked up %d live sessions", restored)
    await reminder_queue.begin(application)
    await clinic_queue.begin(application)


async def stop_scheduling(application: Application) -> None:  # type: ignore[type-arg]
    """Stop ticking (a tick that is sending finishes) and store what live sessions need to be
    picked up by the next leader: their clocks are in the database already, their status
    message ids are written now. The election calls it when this process stops leading."""
    await reminder_queue.end(application)
    await clinic_queue.end(application)
    runner = application.bot_data.get(live.KEY)
    if isinstance(runner, live.SessionRunner):
        await runner.close()
        if runner.running:
            log.info("%d live sessions are left running; the next leader picks them up",
                     len(runner.running))
        runner.step_down()


async def stop(application: Application) -> None:  # type: ignore[type-arg]
    """Stop polling, finish the updates in hand, stop the scheduler and the handlers, then
    release the HTTP client; safe after a failed start."""
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:  # polled updates already taken are handled before anything stops
        try:
            await asyncio.wait_for(application.update_queue.join(), FINISH_UPDATES_SECONDS)
        except TimeoutError:
            log.warning("updates still being handled after %ss; stopping anyway",
                        FINISH_UPDATES_SECONDS)
    chosen = application.bot_data.get(ELECTION)
    if isinstance(chosen, Election):
        await chosen.end()  # stops scheduling here if this process led
    runner = application.bot_data.get(live.KEY)
    if isinstance(runner, live.SessionRunner):
        await runner.settled()  # a follower's announcements and status message ids too
    if application.running:
        await application.stop()
    with contextlib.suppress(RuntimeError):  # never initialised: nothing to release
        await application.shutdown()
    for request in application.bot_data.get(REQUESTS, ()):  # a failed start leaves them open
        await request.shutdown()
