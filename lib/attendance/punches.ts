// Punches: check in, start a break, end a break, check out — any number of them a day. A pure state machine over a
// person's effective events of one work day: intervals of work and break, worked time as their sum, and the state
// a person is in (what the check-in screen shows before capture).

/** Every kind of punch, in the order a day normally goes. */
export const punchKinds = ["in", "break-start", "break-end", "out"] as const;
export type PunchKind = (typeof punchKinds)[number];

/** Where a person stands: not at work, working, or on a break. */
export type PunchState = "out" | "in" | "break";

/** What each punch is called on screens, in exports and in messages. */
export const punchLabels: Readonly<Record<PunchKind, string>> = Object.freeze({
  in: "Check in",
  "break-start": "Start break",
  "break-end": "End break",
  out: "Check out",
});

/** Past-tense labels ("Checked in at 08:58"). */
export const punchDoneLabels: Readonly<Record<PunchKind, string>> = Object.freeze({
  in: "Checked in",
  "break-start": "Break started",
  "break-end": "Break ended",
  out: "Checked out",
});

export const isPunchKind = (k: unknown): k is PunchKind => typeof k === "string" && (punchKinds as readonly string[]).includes(k);

/**
 * The state after `kind` in `state`, or null when the punch changes nothing (checking in while in, ending a
 * break that was never started, checking out while out…). Checking in while on a break resumes work (it ends
 * the break); checking out while on a break ends the break and the day.
 */
export function transition(state: PunchState, kind: PunchKind): PunchState | null {
  switch (kind) {
    case "in":
      return state === "in" ? null : "in";
    case "break-start":
      return state === "in" ? "break" : null;
    case "break-end":
      return state === "break" ? "in" : null;
    case "out":
      return state === "out" ? null : "out";
  }
}

/** The punches that change something in `state`, in the order the check-in screen offers them. */
export function allowedPunches(state: PunchState): PunchKind[] {
  switch (state) {
    case "out":
      return ["in"];
    case "in":
      return ["break-start", "out"];
    case "break":
      return ["break-end", "out"];
  }
}

/** A stretch of work or break; `end` is null while it is still open (never invented). */
export interface PunchInterval {
  kind: "work" | "break";
  start: Date;
  end: Date | null;
}

export interface PunchTimeline {
  intervals: PunchInterval[];
  /** State after the last punch. */
  state: PunchState;
  /** When the current state began (the punch that led to it); null when out with no punch at all. */
  since: Date | null;
  firstIn: Date | null;
  /** The last check-out that ended work (null when none). */
  lastOut: Date | null;
  /** Milliseconds of closed work intervals. */
  workMs: number;
  /** Milliseconds of closed break intervals. */
  breakMs: number;
  /** A check-out, break start or break end came while out: its check-in is missing. */
  missingIn: boolean;
  /** Punches that changed nothing (e.g. a second check-in while in). */
  ignored: number;
}

/**
 * Replays one work day's effective punches (in time order). Worked time is the sum of closed work intervals; an
 * interval still open at the end is listed with `end: null` and counts nothing.
 */
export function punchTimeline(events: readonly { kind: PunchKind; at: Date }[]): PunchTimeline {
  const intervals: PunchInterval[] = [];
  let state: PunchState = "out";
  let since: Date | null = null;
  let firstIn: Date | null = null;
  let lastOut: Date | null = null;
  let workMs = 0;
  let breakMs = 0;
  let missingIn = false;
  let ignored = 0;
  let open: PunchInterval | null = null;

  const close = (at: Date) => {
    if (!open) return;
    open.end = at;
    const ms = at.getTime() - open.start.getTime();
    if (open.kind === "work") workMs += ms;
    else breakMs += ms;
    open = null;
  };
  const start = (kind: PunchInterval["kind"], at: Date) => {
    open = { kind, start: at, end: null };
    intervals.push(open);
  };

  for (const e of events) {
    const next = transition(state, e.kind);
    if (next === null) {
      if (state === "out" && e.kind !== "in") missingIn = true;
      ignored++;
      continue;
    }
    close(e.at);
    if (next === "in") {
      if (!firstIn) firstIn = e.at;
      start("work", e.at);
    } else if (next === "break") {
      start("break", e.at);
    } else {
      lastOut = e.at;
    }
    state = next;
    since = e.at;
  }
  return { intervals, state, since, firstIn, lastOut, workMs, breakMs, missingIn, ignored };
}

/** Where a person stands after today's punches (in time order): what the check-in screen shows. */
export function punchStateOf(todays: readonly { kind: PunchKind; at: Date }[]): { state: PunchState; since: Date | null } {
  const t = punchTimeline(todays);
  return { state: t.state, since: t.state === "out" ? t.lastOut : t.since };
}

/**
 * What the check-in screen says before capture: "In since 08:58", "On break since 12:30", "Checked out at 17:02",
 * or "Not checked in yet". `time` formats an instant as local "HH:MM".
 */
export function punchStatusText(status: { state: PunchState; since: Date | null }, time: (d: Date) => string): string {
  if (status.state === "in") return `In since ${time(status.since!)}`;
  if (status.state === "break") return `On break since ${time(status.since!)}`;
  return status.since ? `Checked out at ${time(status.since)}` : "Not checked in yet";
}

/**
 * Why `kind` cannot be recorded for a person in `status` (what the check-in screen and the server's field error
 * say), or null when it is one of `allowedPunches(status.state)`. `time` formats an instant as local "HH:MM".
 */
export function punchProblem(status: { state: PunchState; since: Date | null }, kind: PunchKind, time: (d: Date) => string): string | null {
  if (allowedPunches(status.state).includes(kind)) return null;
  const since = status.since ? ` (since ${time(status.since)})` : "";
  switch (kind) {
    case "in":
      return status.state === "in" ? `You are already checked in${since}.` : "You are on a break: end the break instead of checking in again.";
    case "break-start":
      return status.state === "break" ? `You are already on a break${since}.` : "You are not checked in, so you cannot start a break.";
    case "break-end":
      return "You are not on a break, so there is no break to end.";
    case "out":
      return status.since ? `You already checked out at ${time(status.since)}.` : "You are not checked in, so you cannot check out.";
  }
}

/** What recording a chosen punch comes to, decided from the person's punches of the work day so far. */
export type PunchDecision<E> =
  | { outcome: "record"; kind: PunchKind }
  /** The same punch again within the dedupe window (a double submission): nothing new is recorded. */
  | { outcome: "unchanged"; previous: E }
  /** Not a valid next punch for where the person stands: refused with `message`, nothing recorded. */
  | { outcome: "invalid"; message: string };

/**
 * Decides a chosen punch at `at`: `todays` are the person's effective punches of the work day up to `at`, in time
 * order. The same kind as the last punch within `dedupeMinutes` is that punch again (unchanged); otherwise the
 * punch must be one of the valid next ones (punchProblem), else it is invalid.
 */
export function decidePunch<E extends { kind: PunchKind; at: Date }>(
  todays: readonly E[],
  kind: PunchKind,
  at: Date,
  dedupeMinutes: number,
  time: (d: Date) => string,
): PunchDecision<E> {
  const last = todays.at(-1);
  if (last && last.kind === kind) {
    const dt = at.getTime() - last.at.getTime();
    if (dt >= 0 && dt < dedupeMinutes * 60_000) return { outcome: "unchanged", previous: last };
  }
  const problem = punchProblem(punchStateOf(todays), kind, time);
  return problem ? { outcome: "invalid", message: problem } : { outcome: "record", kind };
}
