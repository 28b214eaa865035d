"""The weekly summary as one self-contained HTML page that reads well when mailed.

No scripts, fonts, images or other fetches; charts are table cells with coloured bars (mail
clients drop SVG and canvas more often than they drop styled tables), except the reply curve,
an inline SVG whose facts are also written out under it.
"""

from __future__ import annotations

from html import escape

from pipeline_tui.domain.funnel import FunnelReport
from pipeline_tui.domain.interviews import Interview
from pipeline_tui.domain.replies import ReplyCurve
from pipeline_tui.domain.text import printable
from pipeline_tui.domain.weekly import ACTIVITY_FIELDS, WeeklyReport
from pipeline_tui.reports.insights import reply_sentences
from pipeline_tui.reports.layout import funnel_facts, level_shares, number, percent
from pipeline_tui.reports.svg import reply_curve_svg
from pipeline_tui.reports.text import UPCOMING_SHOWN

_STYLE = """
:root { color-scheme: light dark; }
body { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica,
  Arial, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
  "Source Han Sans SC", "WenQuanYi Micro Hei", "Hiragino Sans", "Yu Gothic", "Meiryo",
  "Noto Sans CJK JP", "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans CJK KR", sans-serif;
  color: #1f2328; background: #ffffff; max-width: 760px; margin: 24px auto; padding: 0 16px;
  line-height: 1.45; overflow-wrap: break-word; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; }
p.meta { color: #59636e; margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { padding: 4px 8px; text-align: left; vertical-align: middle; }
th { color: #59636e; font-weight: 600; border-bottom: 1px solid #d0d7de; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.bar { width: 40%; }
ul { padding-left: 20px; }
.weeks-box { overflow-x: auto; }
.weeks td:first-child { white-space: nowrap; font-variant-numeric: tabular-nums; }
@media (max-width: 600px) {
  body { margin: 16px auto; padding: 0 12px; }
  th, td { padding: 4px 6px; }
  th.num { white-space: normal; }
  .weeks, .weeks tbody { display: block; }
  .weeks thead { display: none; }
  .weeks tr { display: grid; grid-template-columns: 6.5em 4em minmax(0, 1fr);
    align-items: center; padding: 6px 0; border-bottom: 1px solid #d0d7de; }
  .weeks td { padding: 1px 0; }
  .weeks td:first-child { grid-column: 1 / -1; font-weight: 600; }
  .weeks td.num { grid-column: 1 / 3; display: flex; justify-content: space-between; }
  .weeks td.num::before { content: attr(data-label); color: #59636e; }
  .weeks td.wbar { width: auto !important; grid-column: 3; padding-left: 8px; }
  .ci { display: block; font-size: 12px; }
}
@media (prefers-color-scheme: dark) {
  body { color: #e6edf3; background: #0d1117; }
  h2, th, .weeks tr { border-color: #3d444d; }
  th, p.meta, .weeks td.num::before { color: #9198a1; }
}
@media print {
  body { max-width: none; margin: 0; padding: 0; color: #000000; background: #ffffff;
    font-size: 11pt; }
  tr, li, .weeks td { break-inside: avoid; page-break-inside: avoid; }
  h1, h2 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  .weeks-box { overflow: visible; }
  td div { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""


def _text(value: str | None) -> str:
    """Return user text escaped for HTML, control characters made visible first."""
    return escape(printable(value)) if value else ""


_COLOURS = {"": "#0969da", "reply": "#1a7f37", "interview": "#8250df"}


def _bar(ratio: float | None, kind: str = "") -> str:
    # Styled inline: some mail clients drop the <style> block.
    if not ratio:
        return ""
    width = max(min(ratio, 1.0) * 100, 0.5)
    # min-width keeps a tiny share visible however narrow the column gets.
    return (
        f'<div style="width:{width:.1f}%;min-width:3px;height:12px;'
        f'background:{_COLOURS[kind]};border-radius:2px"></div>'
    )


def _interval_apart(shown: str) -> str:
    """Return "7.2% (5.9–8.7)" as "7.2%<span class='ci'> (5.9–8.7)</span>": on a phone the
    interval goes under the share, so the table keeps to the screen's width."""
    share, bracket, interval = shown.partition(" (")
    return f"{share}<span class='ci'>{bracket}{interval}</span>" if bracket else shown


def _funnel(report: FunnelReport) -> list[str]:
    rows = [
        "<table>",
        '<tr><th>Level</th><th class="num">Count</th><th class="num">Of previous</th>'
        '<th class="num">Of submitted</th><th></th></tr>',
    ]
    for level, (of_previous, of_submitted) in zip(report.levels, level_shares(report), strict=True):
        rows.append(
            f"<tr><td>{level.level}</td><td class='num'>{number(level.count)}</td>"
            f"<td class='num'>{_interval_apart(of_previous)}</td>"
            f"<td class='num'>{_interval_apart(of_submitted)}</td>"
            f"<td class='bar'>{_bar(level.of_submitted)}</td></tr>"
        )
    rows.append("</table>")
    items = [f"<li><b>{label}:</b> {value}</li>" for label, value in funnel_facts(report)]
    items.append("<li>Shares show their 95% interval in brackets.</li>")
    return [*rows, "<ul>", *items, "</ul>"]


def _history(report: WeeklyReport) -> list[str]:
    weeks = report.history
    tops = {
        name: max((getattr(week.activity, name) for week in weeks), default=0)
        for name in ("submitted", "replies", "interviews")
    }
    # Below 600 px each week becomes a block of label, number and bar lines (see _STYLE);
    # the box scrolls instead of widening the page if a row still cannot fit.
    rows = [
        "<div class='weeks-box'><table class='weeks'>",
        '<thead><tr><th>Week</th><th class="num">Submitted</th><th></th>'
        '<th class="num">Replies</th><th></th><th class="num">Interviews</th><th></th>'
        '<th class="num">Offers</th></tr></thead><tbody>',
    ]
    for week in weeks:
        activity = week.activity
        cells = [f"<td>{week.label}</td>"]
        for name, kind in (("submitted", ""), ("replies", "reply"), ("interviews", "interview")):
            value = getattr(activity, name)
            ratio = value / tops[name] if tops[name] else None
            cells.append(f"<td class='num' data-label='{name.title()}'>{number(value)}</td>")
            cells.append(f"<td class='wbar' style='width:18%'>{_bar(ratio, kind)}</td>")
        cells.append(f"<td class='num' data-label='Offers'>{number(activity.offers)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    rows.append("</tbody></table></div>")
    return rows


def _interviews(title: str, items: tuple[Interview, ...]) -> list[str]:
    lines = [f"<h2>{title}: {number(len(items))}</h2>", "<ul>"]
    for item in items[:UPCOMING_SHOWN]:
        round_text = f", round {item.round}" if item.round else ""
        when = f"{item.occurred_on:%a %d %b}" + (
            f" {item.starts_at:%H:%M}" if item.starts_at else ""
        )
        details = f" ({_text(item.details())})" if item.details() else ""
        lines.append(
            f"<li>{when}: #{item.application_id} {_text(item.title)}{round_text}{details}</li>"
        )
    if len(items) > UPCOMING_SHOWN:
        lines.append(f"<li>… and {number(len(items) - UPCOMING_SHOWN)} more</li>")
    return [*lines, "</ul>"]


def _reply_section(curve: ReplyCurve) -> list[str]:
    """Return the time-to-reply section: the curve drawn inline, and what it says in words."""
    lines = [
        "<h2>Time to first reply</h2>",
        f"<p class='meta'>{number(curve.at_risk)} applications, {number(curve.replied)} "
        "answered; the others count as not yet answered for as long as they have waited.</p>",
    ]
    if curve.at_risk:
        lines.append(f"<div>{reply_curve_svg(curve)}</div>")
    items = "".join(f"<li>{escape(sentence)}</li>" for sentence in reply_sentences(curve))
    return [*lines, f"<ul>{items}</ul>"]


def _target_line(report: WeeklyReport) -> str:
    """Return the week's submissions against the weekly target, as a paragraph."""
    target = report.weekly_target
    sent = report.activity.submitted
    if not target:
        return ""
    share = percent(sent / target)
    return (
        f"<p><b>Weekly target:</b> {number(sent)} sent of {number(target)} ({share})"
        f"{_bar(min(sent / target, 1.0), 'reply')}</p>"
    )


def weekly_html(report: WeeklyReport, replies: ReplyCurve | None = None) -> str:
    """Return the weekly summary as a complete HTML document (with the reply curve when given)."""
    scope = f", campaign {_text(report.campaign)}" if report.campaign is not None else ""
    title = f"Week {report.week}{scope}"
    body = [
        f"<h1>{title}</h1>",
        f"<p class='meta'>{report.week_start:%a %d %b %Y} to {report.week_end:%a %d %b %Y}"
        f" · as of {report.today.isoformat()}</p>",
        "<h2>Activity</h2>",
        "<table>",
        '<tr><th></th><th class="num">This week</th><th class="num">Last week</th></tr>',
    ]
    for name in ACTIVITY_FIELDS:
        body.append(
            f"<tr><td>{name}</td>"
            f"<td class='num'>{number(getattr(report.activity, name))}</td>"
            f"<td class='num'>{number(getattr(report.previous_activity, name))}</td></tr>"
        )
    body.append("</table>")
    if report.weekly_target:
        body.append(_target_line(report))
    cohort = report.cohort
    reached = " · ".join(f"{level.level} {number(level.count)}" for level in cohort.levels[1:])
    now = " · ".join(f"{name} {number(count)}" for name, count in cohort.outcomes.items() if count)
    body += [
        f"<h2>Submitted this week: {number(cohort.submitted)}</h2>",
        f"<ul><li><b>Reached:</b> {reached}</li><li><b>Now:</b> {now or '–'}</li></ul>",
        f"<h2>All applications: {number(report.funnel.submitted)} submitted</h2>",
        *_funnel(report.funnel),
        f"<h2>The last {len(report.history)} weeks</h2>",
        *_history(report),
    ]
    if replies is not None:
        body += _reply_section(replies)
    due = report.follow_ups
    body += [
        f"<h2>Follow-ups due: {number(due.total)}</h2>",
        f"<p class='meta'>Open applications silent for {due.follow_up_days}+ days, "
        "oldest first.</p>",
        "<ul>",
    ]
    for item in due.items:
        stage = item.stage_label
        body.append(
            f"<li>#{item.application_id} {_text(item.title)}:"
            f" {stage}, silent {item.days_silent} days (since {item.last_event_on.isoformat()})"
            "</li>"
        )
    if due.more:
        body.append(f"<li>… and {number(due.more)} more</li>")
    body.append("</ul>")
    body += _interviews(f"Interviews in week {report.week}", report.interviews)
    body += _interviews("Interviews in the next 7 days", report.upcoming)
    deadlines = report.offer_deadlines
    body.append(f"<h2>Offers to answer in the next 7 days: {number(len(deadlines))}</h2>")
    body.append("<ul>")
    for deadline in deadlines:
        body.append(
            f"<li>{deadline.deadline:%a %d %b}: #{deadline.application_id} "
            f"<b>{_text(deadline.headline)}</b> ({_text(deadline.title)})</li>"
        )
    body += ["</ul>", "<p class='meta'>Made by pipeline-tui (pipeline weekly).</p>"]
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
