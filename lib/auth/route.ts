// The wrapper for route handlers: the same session + role + organisation checks as actions, zod on the input,
// errors mapped to HTTP status codes with a JSON body.
import "server-only";
import { z } from "zod";
import type { Role } from "@/lib/db/schema";
import { AppError, asServiceUnavailable, errorMessages, httpStatus } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/validations/field-errors";
import { requireMember, type MemberContext } from "./guard";

export function jsonError(e: unknown): Response {
  const down = asServiceUnavailable(e);
  if (down) {
    console.error(down.logLine);
    return Response.json({ error: down.message, code: down.code }, { status: httpStatus.unavailable });
  }
  if (e instanceof AppError)
    return Response.json({ error: e.message, code: e.code, fieldErrors: e.fieldErrors }, { status: httpStatus[e.code] });
  console.error("route failed:", e instanceof Error ? `${e.name}: ${e.message}` : "unknown error");
  return Response.json({ error: errorMessages.internal, code: "internal" }, { status: 500 });
}

export function route<S extends z.ZodType, P = unknown>(
  opts: { roles: readonly Role[]; schema: S; input: (req: Request, params: P) => unknown },
  handler: (input: z.output<S>, ctx: MemberContext, req: Request) => Promise<Response>,
) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const ctx = await requireMember(opts.roles);
      const parsed = opts.schema.safeParse(opts.input(req, await context.params));
      if (!parsed.success) {
        throw new AppError("bad-input", undefined, fieldErrorsOf(parsed.error));
      }
      return await handler(parsed.data, ctx, req);
    } catch (e) {
      return jsonError(e);
    }
  };
}
