// Overtime: worked minutes split into regular and overtime by the organisation's daily and weekly thresholds.
// Pure, per person, over days in date order.
import { addDays, isoWeekday, type LocalDate } from "./local-time";

/** Thresholds in worked minutes; null = no such threshold. */
export interface OvertimeRules {
  /** Minutes a day beyond which worked time is overtime (e.g. 480). */
  dailyMinutes: number | null;
  /** Regular minutes an ISO week (Monday–Sunday) beyond which worked time is overtime (e.g. 2400). */
  weeklyMinutes: number | null;
}

/** The Monday of `date`'s ISO week. */
export function weekStart(date: LocalDate): LocalDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** The first day to evaluate so that weekly overtime of `from`'s week is exact: its Monday when a weekly threshold is set. */
export function overtimeStart(rules: OvertimeRules | undefined, from: LocalDate): LocalDate {
  return rules?.weeklyMinutes ? weekStart(from) : from;
}

export interface OvertimeSplit {
  regularMinutes: number | null;
  overtimeMinutes: number;
}

/**
 * Splits each day's worked minutes: first the minutes beyond the daily threshold are overtime; then, within each
 * ISO week and in date order, regular minutes beyond the weekly threshold become overtime too (a minute is never
 * counted twice). Days without worked time stay null / 0. `days` must be one person's, sorted by date; for an exact
 * weekly split they start on a Monday (see overtimeStart).
 */
export function splitOvertime(days: readonly { date: LocalDate; workedMinutes: number | null }[], rules: OvertimeRules | undefined): OvertimeSplit[] {
  let week: LocalDate | null = null;
  let weekRegular = 0;
  return days.map((d) => {
    if (d.workedMinutes === null) return { regularMinutes: null, overtimeMinutes: 0 };
    let regular = d.workedMinutes;
    let overtime = 0;
    if (rules?.dailyMinutes && regular > rules.dailyMinutes) {
      overtime = regular - rules.dailyMinutes;
      regular = rules.dailyMinutes;
    }
    if (rules?.weeklyMinutes) {
      const w = weekStart(d.date);
      if (w !== week) {
        week = w;
        weekRegular = 0;
      }
      const room = Math.max(0, rules.weeklyMinutes - weekRegular);
      if (regular > room) {
        overtime += regular - room;
        regular = room;
      }
      weekRegular += regular;
    }
    return { regularMinutes: regular, overtimeMinutes: overtime };
  });
}
