// The one wrapper for server actions: zod validation + session + role + organisation, typed errors out.
// Server actions are public endpoints: an action not built with `action()`, `messageAction()` or `formAction()` is
// a hole.
//
// What an action answers on success is EITHER typed data for the code that called it OR a message for the person
// who acted, never a mix and never a flag that only restates success (`ok` says that):
//   action()        structured input → ActionResult<R>: { ok: true, data: R } (a device id, a verdict…)
//   messageAction() structured input → MessageResult:   { ok: true, message } (what was done: "Device revoked.")
//   formAction()    FormData (useActionState) → FormState: { ok: true, message, values } — a messageAction for forms
// A failure is the same for all three: { ok: false, code, error, fieldErrors? }.
import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { Role } from "@/lib/db/schema";
import { AppError, asServiceUnavailable, errorMessages, type ErrorCode } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/validations/field-errors";
import type { PersonRef } from "@/lib/db/queries/people";
import { assertMayManage, requireMember, type MemberContext } from "./guard";

/** A refused or failed action: a typed code, a sentence to show, and the fields at fault. */
export type ActionFailure = { ok: false; code: ErrorCode; error: string; fieldErrors?: Record<string, string[]> };

/** A data action's answer (action()): typed data for the calling code. */
export type ActionResult<R> = { ok: true; data: R } | ActionFailure;

/** A message action's answer (messageAction()): what was done, in a sentence shown as is. */
export type MessageResult = { ok: true; message: string } | ActionFailure;

export interface FormState {
  ok?: boolean;
  message?: string;
  error?: string;
  fieldErrors?: Record<string, string[]>;
  /** Submitted values echoed back so the form keeps them (React 19 resets uncontrolled forms). */
  values?: Record<string, string | string[]>;
}

type Access = readonly Role[] | "public";
type Ctx<A extends Access> = A extends "public" ? null : MemberContext;

interface Options<S extends z.ZodType, A extends Access> {
  schema: S;
  roles: A;
  /**
   * The person whose record the action changes (null: everyone, the handler then leaves out whom it may not act
   * on): owners' records only an owner may change (assertMayManage).
   */
  target?: (input: z.output<S>) => PersonRef | null;
  /** Separation of duties (approvals, leave, corrections): the actor may not act on their own record. */
  notOwn?: boolean;
}

/** What an action was declared with (schema, roles, target), for tests that check every action. */
export interface ActionMeta {
  schema: z.ZodType;
  roles: Access;
  target?: (input: never) => PersonRef | null;
  notOwn?: boolean;
  /** How it is called: structured input (action(), messageAction()) or FormData (formAction()). */
  kind: "action" | "form";
}

const metaOf = new WeakMap<object, ActionMeta>();

export function actionMeta(fn: unknown): ActionMeta | undefined {
  return typeof fn === "function" ? metaOf.get(fn) : undefined;
}

function failure(e: unknown): ActionFailure {
  unstable_rethrow(e); // redirects and notFound() from inside the handler must propagate
  const down = asServiceUnavailable(e);
  if (down) {
    console.error(down.logLine);
    return { ok: false, code: down.code, error: down.message };
  }
  if (e instanceof AppError) return { ok: false, code: e.code, error: e.message, fieldErrors: e.fieldErrors };
  // Log the error class and message only: inputs may hold biometric data.
  console.error("action failed:", e instanceof Error ? `${e.name}: ${e.message}` : "unknown error");
  return { ok: false, code: "internal", error: errorMessages.internal };
}

/** Authorises, validates and runs `handler`: what every kind of action does before it shapes its answer. */
async function answer<S extends z.ZodType, A extends Access, R>(
  opts: Options<S, A>,
  handler: (input: z.output<S>, ctx: Ctx<A>) => Promise<R>,
  input: unknown,
): Promise<{ ok: true; data: R } | ActionFailure> {
  try {
    const ctx = (opts.roles === "public" ? null : await requireMember(opts.roles as readonly Role[])) as Ctx<A>;
    const parsed = opts.schema.safeParse(input);
    if (!parsed.success) return { ok: false, code: "bad-input", error: errorMessages["bad-input"], fieldErrors: fieldErrorsOf(parsed.error) };
    const ref = opts.target && ctx ? opts.target(parsed.data) : null;
    if (ref && ctx) await assertMayManage(ctx, ref, { notOwn: opts.notOwn });
    return { ok: true, data: await handler(parsed.data, ctx) };
  } catch (e) {
    return failure(e);
  }
}

/** Wraps a handler taking structured input (JSON-like) and answering typed data, for client code that uses it. */
export function action<S extends z.ZodType, A extends Access, R extends object>(
  opts: Options<S, A>,
  handler: (input: z.output<S>, ctx: Ctx<A>) => Promise<R>,
): (input: unknown) => Promise<ActionResult<R>> {
  const run = async (input: unknown): Promise<ActionResult<R>> => answer(opts, handler, input);
  metaOf.set(run, { schema: opts.schema, roles: opts.roles, target: opts.target, notOwn: opts.notOwn, kind: "action" });
  return run;
}

/** Wraps a handler taking structured input (JSON-like) and answering a message (an `<ActionButton>`'s action). */
export function messageAction<S extends z.ZodType, A extends Access>(
  opts: Options<S, A>,
  handler: (input: z.output<S>, ctx: Ctx<A>) => Promise<string>,
): (input: unknown) => Promise<MessageResult> {
  const run = async (input: unknown): Promise<MessageResult> => {
    const r = await answer(opts, handler, input);
    return r.ok ? { ok: true, message: r.data } : r;
  };
  metaOf.set(run, { schema: opts.schema, roles: opts.roles, target: opts.target, notOwn: opts.notOwn, kind: "action" });
  return run;
}

export interface FormShape {
  /** Fields that may repeat (checkbox groups, multi-selects). */
  arrays?: readonly string[];
  /** Checkboxes: present → true, absent → false. */
  booleans?: readonly string[];
  /** Fields never echoed back (passwords). */
  secret?: readonly string[];
}

export function formToObject(fd: FormData, shape: FormShape = {}) {
  const obj: Record<string, unknown> = {};
  const echo: Record<string, string | string[]> = {};
  for (const key of new Set(fd.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const all = fd.getAll(key).filter((v): v is string => typeof v === "string");
    const value = shape.arrays?.includes(key) ? all : (all[0] ?? "");
    obj[key] = value;
    if (!shape.secret?.includes(key)) echo[key] = value;
  }
  for (const key of shape.arrays ?? []) obj[key] ??= [];
  for (const key of shape.booleans ?? []) obj[key] = obj[key] === "on" || obj[key] === "true";
  return { obj, echo };
}

/** Wraps a handler for `<form action>` with useActionState: FormData in, FormState (field errors, values) out. */
export function formAction<S extends z.ZodType, A extends Access>(
  opts: Options<S, A> & { shape?: FormShape },
  handler: (input: z.output<S>, ctx: Ctx<A>) => Promise<string | void>,
): (prev: FormState, fd: FormData) => Promise<FormState> {
  const form = async (_prev: FormState, fd: FormData): Promise<FormState> => {
    // A form action is public too: called with anything but FormData (JSON, say) it answers bad input.
    if (!(fd instanceof FormData)) return { ok: false, error: errorMessages["bad-input"] };
    const { obj, echo } = formToObject(fd, opts.shape);
    const r = await answer(opts, handler, obj);
    if (r.ok) return { ok: true, message: r.data ?? "Saved.", values: echo };
    return { ok: false, error: r.error, fieldErrors: r.fieldErrors, values: echo };
  };
  metaOf.set(form, { schema: opts.schema, roles: opts.roles, target: opts.target, notOwn: opts.notOwn, kind: "form" });
  return form;
}
