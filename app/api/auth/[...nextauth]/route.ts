import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { limitMessages } from "@/lib/errors";

export const { GET } = handlers;

/**
 * Auth.js answers a refused sign-in with a redirect carrying its code. A locked account or a limited address is
 * answered 429 instead, so that a client hammering the credentials endpoint sees it is being limited.
 */
export async function POST(req: NextRequest): Promise<Response> {
  const res = await handlers.POST(req);
  const location = res.headers.get("location");
  const code = location ? new URL(location, req.nextUrl.origin).searchParams.get("code") : null;
  if (code === "locked") return Response.json({ error: limitMessages.accountLocked, code: "rate-limited" }, { status: 429 });
  if (code === "rate-limited") return Response.json({ error: limitMessages.signInIp, code: "rate-limited" }, { status: 429 });
  return res;
}
