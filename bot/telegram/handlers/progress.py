"""/progress, /report and /export: the chart with a few lines, a PDF, and the record as files.

Each is drawn or gathered in the background (``bot.telegram.slow_replies``), so other users'
replies never wait behind a chart.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Chat, Update

from bot.services.coaching import NoProgramme
from bot.services.container import Services
from bot.telegram import texts
from bot.telegram.context import Context
from bot.telegram.handlers.today import remind_to_finish_setup

Reply = Callable[[Chat, int, str, Services], Coroutine[Any, Any, None]]


def _in_background(update: Update, context: Context, reply: Reply) -> None:
    chat, user = update.effective_chat, update.effective_user
    if chat is not None and user is not None:
        context.slow_replies.start(reply(chat, user.id, user.full_name, context.services),
                                   update)


async def on_progress(update: Update, context: Context) -> None:
    """/progress, "how am I doing?" and the menu's Progress button."""
    _in_background(update, context, _progress)


async def on_report(update: Update, context: Context) -> None:
    """/report and "a report for my physio"."""
    _in_background(update, context, _report)


async def on_export(update: Update, context: Context) -> None:
    """/export and "export my data"."""
    _in_background(update, context, _export)


async def _progress(chat: Chat, user_id: int, name: str, services: Services) -> None:
    """The chart with the figures under it; only the figures before the first session."""
    try:
        figures, chart = await services.progress.view(user_id)
    except NoProgramme:
        await remind_to_finish_setup(chat, user_id, services)
        return
    summary = texts.progress_summary(figures.summary)
    if chart is None:
        await chat.send_message(f"{texts.PROGRESS_NO_SESSIONS}\n\n{summary}")
        return
    await chat.send_photo(chart, caption=summary, filename=texts.CHART_FILE)


async def _report(chat: Chat, user_id: int, name: str, services: Services) -> None:
    """The one-page PDF, headed by the user's name in Telegram, as a file to forward."""
    try:
        pdf = await services.progress.report(user_id, name=name)
    except NoProgramme:
        await remind_to_finish_setup(chat, user_id, services)
        return
    file_name = texts.REPORT_FILE.format(day=services.now().date().isoformat())
    await chat.send_document(pdf, filename=file_name, caption=texts.REPORT_CAPTION)


async def _export(chat: Chat, user_id: int, name: str, services: Services) -> None:
    """The JSON record and the CSV files, the caption on the first."""
    try:
        files = await services.progress.export(user_id)
    except NoProgramme:
        await chat.send_message(texts.EXPORT_NOTHING)
        return
    for index, file in enumerate(files.all()):
        await chat.send_document(file.data, filename=file.name,
                                 caption=texts.EXPORT_CAPTION if index == 0 else None)
