// Typed error codes mapped to user-facing messages. Database details are logged, never shown.
export const errorMessages = {
  unauthenticated: "Please sign in to continue.",
  forbidden: "You do not have permission to do that.",
  "not-found": "Not found.",
  "bad-input": "Please correct the highlighted fields.",
  conflict: "That conflicts with existing data.",
  "rate-limited": "Too many attempts. Please wait a minute and try again.",
  "too-large": "That request is too large.",
  internal: "Something went wrong on our side. Please try again.",
  unavailable: "Clockface is unavailable right now. Please try again shortly.",
} as const;

export type ErrorCode = keyof typeof errorMessages;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message ?? errorMessages[code]);
    this.name = "AppError";
  }
}

export const httpStatus: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  "bad-input": 400,
  conflict: 409,
  "rate-limited": 429,
  "too-large": 413,
  internal: 500,
  unavailable: 503,
};

/** Messages of the attempt limits (lib/checkin/rate-limit.ts) where "Too many attempts" is not enough. */
export const limitMessages = {
  accountLocked: "Too many failed sign-ins: this account is locked for a while. Try again later, or ask an owner to unlock it.",
  signInIp: "Too many failed sign-ins from your network. Please wait a few minutes and try again.",
  signUpIp: "Too many organisations created from your network. Please try again in an hour.",
  reset: "Too many password-reset attempts. Please try again in an hour.",
} as const;

/** Parts of the service whose failure is the service's fault, never the person's. */
export type ServiceComponent = "face-models" | "database" | "storage";

const unavailableMessages: Record<ServiceComponent, string> = {
  "face-models": "Verification is unavailable right now. Please try again shortly.",
  database: errorMessages.unavailable,
  storage: errorMessages.unavailable,
};

/**
 * A part of the service failed (a model that will not load or run, a database that refuses connections, a data
 * directory that cannot be written). The person is told to try again shortly; nothing is recorded as their
 * attempt; `detail` (never shown to them) goes to the log in one line.
 */
export class ServiceUnavailable extends AppError {
  constructor(
    readonly component: ServiceComponent,
    readonly detail: string,
  ) {
    super("unavailable", unavailableMessages[component]);
    this.name = "ServiceUnavailable";
  }

  /** The one log line for this failure. */
  get logLine(): string {
    return `${this.component} unavailable: ${this.detail}`;
  }
}

const unavailableCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "EACCES", "EROFS", "EPERM", "ENOSPC"]);

/**
 * The error (or one of its causes) that says the database cannot be reached or written — the service's fault —
 * rather than a bad statement: connection-level errno codes, Postgres' "cannot connect now" classes (08xxx,
 * 57P01-03) and drivers' connection-closed messages. Null otherwise. Its message is what gets logged (the wrapping
 * query error is not: its text carries the statement's parameters).
 */
export function connectionFailure(e: unknown): { name: string; message: string } | null {
  for (let c: unknown = e, depth = 0; c && depth < 4; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    const message = typeof (c as { message?: unknown }).message === "string" ? (c as { message: string }).message.split("\n")[0]! : "";
    const name = c instanceof Error ? c.name : "Error";
    if (typeof code === "string" && (unavailableCodes.has(code) || code.startsWith("08") || /^57P0[1-3]$/.test(code))) return { name, message: message || code };
    if (/ECONNREFUSED|connection terminated|connection closed|WebSocket|socket hang up|read-only file system/i.test(message)) return { name, message };
  }
  return null;
}

/** The error as the service's fault when it is one (ServiceUnavailable, or a connection failure), else null. */
export function asServiceUnavailable(e: unknown): ServiceUnavailable | null {
  if (e instanceof ServiceUnavailable) return e;
  const c = connectionFailure(e);
  if (!c) return null;
  // A file-system error with a path (EACCES, EROFS, ENOSPC writing a stored file or the outbox) is local storage's;
  // the embedded database's own directory is checked when it opens (lib/db/client.ts names it there).
  const onDisk = typeof (e as { path?: unknown }).path === "string";
  return new ServiceUnavailable(onDisk ? "storage" : "database", `${c.name}: ${c.message}`);
}
