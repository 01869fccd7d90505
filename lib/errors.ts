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
};

/** Messages of the attempt limits (lib/checkin/rate-limit.ts) where "Too many attempts" is not enough. */
export const limitMessages = {
  accountLocked: "Too many failed sign-ins: this account is locked for a while. Try again later, or ask an owner to unlock it.",
  signInIp: "Too many failed sign-ins from your network. Please wait a few minutes and try again.",
  signUpIp: "Too many organisations created from your network. Please try again in an hour.",
  reset: "Too many password-reset attempts. Please try again in an hour.",
} as const;
