"""The inline keyboards of remote support."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.clinic import SharedWith
from bot.services.clinic_clients import ClientLine
from bot.services.clinic_signup import InviteView
from bot.telegram import texts
from bot.telegram.clinic_buttons import (
    ClientButton,
    ClientView,
    HoldOrClear,
    InviteAction,
    SetLevel,
    Share,
    StopSharing,
)


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def invites(open_invites: Sequence[InviteView]) -> InlineKeyboardMarkup:
    """A new invite, and a revoke button for each open one."""
    rows = [[_button(texts.NEW_INVITE_BUTTON, InviteAction().encode())]]
    rows += [[_button(texts.revoke_label(row), InviteAction(row.invite_id).encode())]
             for row in open_invites]
    return InlineKeyboardMarkup(rows)


def share(name: str, code: str) -> InlineKeyboardMarkup:
    """The one button that links."""
    return InlineKeyboardMarkup([[_button(texts.share_label(name), Share(code).encode())]])


def stop_sharing(shared: Sequence[SharedWith]) -> InlineKeyboardMarkup:
    """One button per clinician the user shares with."""
    return InlineKeyboardMarkup([[_button(texts.stop_label(row.name),
                                          StopSharing(row.clinician_id).encode())]
                                 for row in shared])


def open_client(client_id: int, name: str) -> InlineKeyboardMarkup:
    """The button opening one client's page (on an alert)."""
    data = ClientButton(ClientView.PAGE, client_id).encode()
    return InlineKeyboardMarkup([[_button(texts.open_label(name), data)]])


def clients(lines: Sequence[ClientLine], view: ClientView = ClientView.PAGE
            ) -> InlineKeyboardMarkup:
    """One button per client, opening their page (or change menu)."""
    return InlineKeyboardMarkup([[_button(texts.open_label(line.name),
                                          ClientButton(view, line.client_id).encode())]
                                 for line in lines])


def client_page(client_id: int) -> InlineKeyboardMarkup:
    """Chart, Report and Adjust on a client's page."""
    def data(view: ClientView) -> str:
        return ClientButton(view, client_id).encode()
    return InlineKeyboardMarkup([
        [_button(texts.CHART_BUTTON, data(ClientView.CHART)),
         _button(texts.REPORT_BUTTON, data(ClientView.REPORT))],
        [_button(texts.ADJUST_BUTTON, data(ClientView.ADJUST))],
    ])


def adjust(client_id: int, levels: range) -> InlineKeyboardMarkup:
    """A button per level, then hold and clear."""
    numbers = [_button(texts.level_label(n), SetLevel(client_id, n).encode()) for n in levels]
    rows = [numbers[i:i + 4] for i in range(0, len(numbers), 4)]
    rows.append([_button(texts.HOLD_BUTTON, HoldOrClear(client_id, clear=False).encode()),
                 _button(texts.CLEAR_BUTTON, HoldOrClear(client_id, clear=True).encode())])
    return InlineKeyboardMarkup(rows)
