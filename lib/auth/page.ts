// Guard for server components: the same checks as requireMember, answered with redirects / 403 page.
import "server-only";
import { forbidden, redirect } from "next/navigation";
import type { Role } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { requireMember, type MemberContext } from "./guard";

export async function requirePageMember(roles: readonly Role[], from = "/admin"): Promise<MemberContext> {
  try {
    return await requireMember(roles);
  } catch (e) {
    if (e instanceof AppError && e.code === "unauthenticated") redirect(`/sign-in?callbackUrl=${encodeURIComponent(from)}`);
    if (e instanceof AppError && e.code === "forbidden") forbidden();
    throw e;
  }
}
