// A timezone in which it is daytime now, for specs whose organisation records several punches in a row.
// A day-shift organisation's work day ends at local midnight (lib/attendance/rules.ts, WorkCalendar): a person who
// checked in at 23:59 and ends a break at 00:01 starts a new work day, "Not checked in yet" — right for the product,
// wrong for a spec that expects one day. Sign-up takes the browser's timezone, so a spec that sets `timezoneId`
// to this zone gets an organisation whose clock reads between about 10:00 and 14:00 while it runs.

/** Zones a few hours apart around the world (IANA names sign-up accepts), DST or not. */
const ZONES = [
  "Pacific/Honolulu",
  "America/Los_Angeles",
  "America/New_York",
  "America/Sao_Paulo",
  "UTC",
  "Europe/Berlin",
  "Asia/Dubai",
  "Asia/Kolkata",
  "Asia/Bangkok",
  "Asia/Tokyo",
  "Pacific/Auckland",
] as const;

/** Minutes past local midnight at `now` in `zone`. */
export function localMinutes(now: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const n = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return n("hour") * 60 + n("minute");
}

/** The zone whose local time at `now` is closest to noon. */
export function daytimeZone(now: Date = new Date()): string {
  const fromNoon = (z: string) => Math.abs(localMinutes(now, z) - 12 * 60);
  return [...ZONES].sort((a, b) => fromNoon(a) - fromNoon(b))[0]!;
}
