// Leave and holidays: which days a person is excused, how many leave days a request takes, what remains of an
// allowance. Pure: calendars and approved requests in, no clock, no IO.
import { addDays, eachDate, type LocalDate } from "./local-time";
import type { DayCalendar } from "./rules";

export const leaveCategories = ["paid", "unpaid", "sick"] as const;
export type LeaveCategory = (typeof leaveCategories)[number];

/** Half of a shift taken as leave: the first ("am") or the second ("pm"). */
export const leaveHalves = ["am", "pm"] as const;
export type LeaveHalf = (typeof leaveHalves)[number];

/** Why a planned day is not (fully) expected. */
export type DayOff = { kind: "holiday"; name: string } | { kind: "leave"; typeName: string; category: LeaveCategory; half: LeaveHalf | null };

/** An approved leave of one person (a request, or recorded by an admin). */
export interface ApprovedLeave {
  typeId: string;
  typeName: string;
  category: LeaveCategory;
  from: LocalDate;
  to: LocalDate;
  /** Set only when from = to: half a day. */
  half: LeaveHalf | null;
}

export interface Holiday {
  date: LocalDate;
  name: string;
}

/**
 * Each date's excuse for one person: an organisation holiday beats leave (a holiday inside a leave takes no leave
 * day). Dates without an excuse are absent from the map.
 */
export function daysOffOf(holidays: readonly Holiday[], leaves: readonly ApprovedLeave[]): Map<LocalDate, DayOff> {
  const out = new Map<LocalDate, DayOff>();
  for (const l of leaves)
    for (const date of eachDate(l.from, l.to)) out.set(date, { kind: "leave", typeName: l.typeName, category: l.category, half: l.from === l.to ? l.half : null });
  for (const h of holidays) out.set(h.date, { kind: "holiday", name: h.name });
  return out;
}

/**
 * Leave days a leave takes: the days of its range with a planned shift that are not holidays (a half day is 0.5).
 * A weekend inside a week of leave takes nothing.
 */
export function leaveDaysOf(leave: Pick<ApprovedLeave, "from" | "to" | "half">, calendar: Pick<DayCalendar, "window">, holidays: ReadonlySet<LocalDate>): number {
  let days = 0;
  for (const date of eachDate(leave.from, leave.to)) if (calendar.window(date).isWorkDay && !holidays.has(date)) days++;
  return leave.half && leave.from === leave.to ? days / 2 : days;
}

/** Remaining allowance of one leave type: allowance − approved days taken in the year (null without allowance). */
export function remainingAllowance(allowanceDays: number | null, takenDays: number): number | null {
  return allowanceDays === null ? null : Math.round((allowanceDays - takenDays) * 2) / 2;
}

/** Two date ranges share a day. */
export function rangesOverlap(a: { from: LocalDate; to: LocalDate }, b: { from: LocalDate; to: LocalDate }): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** The calendar year of a date, as the range an allowance applies to. */
export function yearOf(date: LocalDate): { from: LocalDate; to: LocalDate } {
  const y = date.slice(0, 4);
  return { from: `${y}-01-01`, to: addDays(`${Number(y) + 1}-01-01`, -1) };
}
