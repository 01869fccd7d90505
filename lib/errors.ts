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
