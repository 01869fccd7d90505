// Calendar arithmetic in an organisation's IANA timezone, with Intl only (no timezone library).
// Instants are epoch milliseconds (number) or Date; local dates are "YYYY-MM-DD" strings, which sort and compare
// as strings. Pure: no clock, no IO.

/** A calendar date in some timezone, "YYYY-MM-DD". */
export type LocalDate = string;
/** A wall-clock time, "HH:MM" (24-hour). */
export type LocalTime = string;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Offsets are cached per hour of UTC time when the offset at both ends of the hour agrees; an hour holding a
 * transition is never cached (each instant in it asks Intl), so the result is exact unless a zone changed its
 * offset twice within one hour, which no zone in the tz database does. */
const BUCKET_MS = 60 * MINUTE_MS;
const CACHE_LIMIT = 200_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at instant `ms`, in milliseconds (local = utc + offset), straight from Intl. */
function computeOffsetMs(ms: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  let bc = false;
  for (const p of parts) {
    switch (p.type) {
      case "year":
        y = Number(p.value);
        break;
      case "month":
        mo = Number(p.value);
        break;
      case "day":
        d = Number(p.value);
        break;
      case "hour":
        h = Number(p.value);
        break;
      case "minute":
        mi = Number(p.value);
        break;
      case "second":
        s = Number(p.value);
        break;
      case "era":
        bc = p.value.startsWith("B");
        break;
    }
  }
  const wall = Date.UTC(bc ? 1 - y : y, mo - 1, d, h, mi, s);
  // Intl drops milliseconds: compare against the instant truncated to the second.
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/** Offset of `timeZone` from UTC at instant `ms`, in milliseconds (e.g. +3_600_000 for BST). Cached. */
export function offsetMs(ms: number, timeZone: string): number {
  let cache = offsetCache.get(timeZone);
  if (!cache) {
    cache = new Map();
    offsetCache.set(timeZone, cache);
  }
  const bucket = Math.floor(ms / BUCKET_MS);
  const hit = cache.get(bucket);
  if (hit !== undefined) return hit;
  const start = bucket * BUCKET_MS;
  const a = computeOffsetMs(start, timeZone);
  const b = computeOffsetMs(start + BUCKET_MS - 1000, timeZone);
  if (a !== b) return computeOffsetMs(ms, timeZone);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(bucket, a);
  return a;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number) => (n < 10 ? `000${n}` : n < 100 ? `00${n}` : n < 1000 ? `0${n}` : String(n));

function dateFromUtcMs(utcMs: number): LocalDate {
  const d = new Date(utcMs);
  return `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

const toMs = (instant: Date | number) => (typeof instant === "number" ? instant : instant.getTime());

/** Wall-clock reading of an instant in `timeZone`. */
export interface LocalDateTime {
  date: LocalDate;
  /** Minutes since local midnight, 0..1439. */
  minutes: number;
  /** Seconds within the minute, 0..59. */
  seconds: number;
}

export function toLocal(instant: Date | number, timeZone: string): LocalDateTime {
  const ms = toMs(instant);
  const wall = ms + offsetMs(ms, timeZone);
  const dayStart = Math.floor(wall / DAY_MS) * DAY_MS;
  const intoDay = wall - dayStart;
  return {
    date: dateFromUtcMs(dayStart),
    minutes: Math.floor(intoDay / MINUTE_MS),
    seconds: Math.floor((intoDay % MINUTE_MS) / 1000),
  };
}

/** The local calendar date of an instant in `timeZone`. */
export function localDateOf(instant: Date | number, timeZone: string): LocalDate {
  return toLocal(instant, timeZone).date;
}

/** The local wall-clock time "HH:MM" of an instant in `timeZone` (seconds truncated). */
export function formatLocalTime(instant: Date | number, timeZone: string): LocalTime {
  const m = toLocal(instant, timeZone).minutes;
  return `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
}

/** "YYYY-MM-DD HH:MM" in `timeZone`. */
export function formatLocalDateTime(instant: Date | number, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return `${l.date} ${pad2(Math.floor(l.minutes / 60))}:${pad2(l.minutes % 60)}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of the date's midnight read as UTC (a day index for arithmetic, not an instant of that zone). */
function utcMidnight(date: LocalDate): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`Not a local date (YYYY-MM-DD): ${date}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (dateFromUtcMs(ms) !== date) throw new RangeError(`Not a calendar date: ${date}`);
  return ms;
}

export function isLocalDate(value: string): value is LocalDate {
  try {
    utcMidnight(value);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return dateFromUtcMs(utcMidnight(date) + days * DAY_MS);
}

/** A calendar month, "YYYY-MM". */
export type LocalMonth = string;

const LOCAL_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isLocalMonth(value: string): value is LocalMonth {
  return LOCAL_MONTH.test(value);
}

/** The first and last day of `month`. */
export function monthRange(month: LocalMonth): { from: LocalDate; to: LocalDate } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const from = `${month}-01`;
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  return { from, to: addDays(next, -1) };
}

/** The month `delta` months after `month` (before, when negative). */
export function shiftMonth(month: LocalMonth, delta: number): LocalMonth {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const t = y * 12 + (m - 1) + delta;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`;
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((utcMidnight(b) - utcMidnight(a)) / DAY_MS);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const d = new Date(utcMidnight(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Every date from `from` to `to`, both included (nothing when to < from). */
export function* eachDate(from: LocalDate, to: LocalDate): Generator<LocalDate> {
  const end = utcMidnight(to);
  for (let t = utcMidnight(from); t <= end; t += DAY_MS) yield dateFromUtcMs(t);
}

/** Minutes since midnight of "HH:MM". */
export function parseLocalTime(time: LocalTime): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new RangeError(`Not a 24-hour time (HH:MM): ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * The instant at which the wall clock in `timeZone` reads `date` + `minutes` (minutes may exceed 1440 to
 * run into later days). Disambiguation follows Temporal's "compatible": a time skipped by a spring-forward gap
 * resolves to the later instant (shifted forward by the gap), a time repeated by a fall-back overlap to the
 * earlier one.
 */
export function zonedInstant(date: LocalDate, minutes: number, timeZone: string): number {
  const wall = utcMidnight(date) + minutes * MINUTE_MS;
  const before = offsetMs(wall - DAY_MS, timeZone);
  const after = offsetMs(wall + DAY_MS, timeZone);
  const candidates: number[] = [];
  for (const off of before === after ? [before] : [before, after]) {
    const t = wall - off;
    if (offsetMs(t, timeZone) === off) candidates.push(t);
  }
  if (candidates.length > 0) return Math.min(...candidates);
  // In the gap: read the wall time with the offset in force before the transition (moves it forward).
  return wall - before;
}
