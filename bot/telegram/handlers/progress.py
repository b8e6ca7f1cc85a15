"""/progress, /report and /export: the chart with a few lines, a PDF, and the record as files."""

from __future__ import annotations

from telegram import Chat, Update

from bot.services.coaching import NoProgramme
from bot.services.container import Services
from bot.telegram import texts
from bot.telegram.context import Context
from bot.telegram.handlers.today import remind_to_finish_setup


async def on_progress(update: Update, context: Context) -> None:
    """/progress."""
    chat, user = update.effective_chat, update.effective_user
    if chat is not None and user is not None:
        await show_progress(chat, user.id, context.services)


async def show_progress(chat: Chat, user_id: int, services: Services) -> None:
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


async def on_report(update: Update, context: Context) -> None:
    """/report."""
    chat, user = update.effective_chat, update.effective_user
    if chat is not None and user is not None:
        await send_report(chat, user.id, context.services, user.full_name)


async def send_report(chat: Chat, user_id: int, services: Services, name: str | None) -> None:
    """The one-page PDF, headed by the user's name in Telegram, as a file to forward."""
    try:
        pdf = await services.progress.report(user_id, name=name)
    except NoProgramme:
        await remind_to_finish_setup(chat, user_id, services)
        return
    name = texts.REPORT_FILE.format(day=services.now().date().isoformat())
    await chat.send_document(pdf, filename=name, caption=texts.REPORT_CAPTION)


async def on_export(update: Update, context: Context) -> None:
    """/export."""
    chat, user = update.effective_chat, update.effective_user
    if chat is not None and user is not None:
        await send_export(chat, user.id, context.services)


async def send_export(chat: Chat, user_id: int, services: Services) -> None:
    """The JSON record and the CSV files, the caption on the first."""
    try:
        files = await services.progress.export(user_id)
    except NoProgramme:
        await chat.send_message(texts.EXPORT_NOTHING)
        return
    for index, file in enumerate(files.all()):
        await chat.send_document(file.data, filename=file.name,
                                 caption=texts.EXPORT_CAPTION if index == 0 else None)
