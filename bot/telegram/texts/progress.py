"""Progress: /progress under its chart, /report and /export."""

from __future__ import annotations

from bot.domain.progress import Summary

PROGRESS_NO_SESSIONS = ("No sessions yet, so there is nothing to chart — your first one will "
                        "show here. /today says when it is.")
REPORT_CAPTION = ("📄 Your one-page report: what you told me at set-up, your sessions, pain "
                  "and every change of dose with its reason. Forward it to your physio or GP "
                  "as it is.")
EXPORT_CAPTION = ("🗂 Your whole record. The JSON file holds everything I store about you; the "
                  "two CSV files (sessions, pain ratings) open in any spreadsheet.")
EXPORT_NOTHING = "There's nothing stored about you, so there's nothing to export."
REPORT_FILE = "runback-report-{day}.pdf"
CHART_FILE = "runback-progress.png"


def _adherence(summary: Summary) -> str:
    share = summary.adherence
    trial = f"{summary.trial_adherence:.0%}"
    if share is None:
        return f"Sessions: {summary.done} done, none scheduled yet (the trial's average: {trial})"
    return (f"Sessions: <b>{summary.done} of {summary.scheduled}</b> done, {share:.0%} "
            f"(in the ASTEROID trial people did {trial})")


def _pain(summary: Summary) -> str:
    trial = f"about {summary.trial_pain_change:.1f}".replace("-", "−")
    if summary.pain_change is None:
        return (f"Weekly average pain: I can compare once you have two weeks of sessions "
                f"(the trial's average change: {trial} out of 10)")
    change = f"{summary.pain_change:+.1f}".replace("-", "−")
    return (f"Weekly average pain since your first week: <b>{change}</b> out of 10 "
            f"(the trial's average: {trial})")


def progress_summary(summary: Summary) -> str:
    """The lines under the chart."""
    week = ("Your programme starts soon" if summary.week == 0
            else f"📈 <b>Week {summary.week} of {summary.weeks}</b>")
    level = (f"Level: <b>{summary.level}</b>, started at {summary.start_level}"
             if summary.level != summary.start_level
             else f"Level: <b>{summary.level}</b>, where you started")
    return "\n".join((week, _adherence(summary), level, _pain(summary)))
