// Errors for malformed evaluation folders: one class, a message that names the file (and line) and says
// what the format expects, so a user pointing a command at the wrong folder knows what to fix.

export class EvalDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EvalDataError";
  }
}

/** "a, b, c and 4 more" for error messages. */
export function listSome(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
