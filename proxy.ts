// Two jobs, chosen by the request:
// - a server-action call (Next-Action header, or a multipart POST to a page: a form posted without JavaScript) is
//   checked before Next decodes it (lib/security/action-request.ts): too large → 413, undecodable, too deep or
//   referring to parts it lacks → 400, instead of Next's 500. The session is not read here: the action wrapper
//   reads the session and the member itself (running Auth.js as well decrypted and re-encrypted the session
//   cookie once more per call; measured with `npm run bench:server`);
// - any other request to a protected page: signed-out visitors are sent to sign-in. Authorisation proper happens
//   in every action/route (and every protected page calls requirePageMember itself).
import NextAuth from "next-auth";
import type { NextFetchEvent, NextRequest } from "next/server";
import { authConfig } from "@/lib/auth/config";
import { checkActionRequest } from "@/lib/security/action-request";
import { env } from "@/lib/env";
import { securityHeaders } from "@/lib/security/headers";

const { auth } = NextAuth(authConfig);
const guardPage = auth as unknown as (req: NextRequest, ev: NextFetchEvent) => Promise<Response | undefined>;

export default async function proxy(req: NextRequest, ev: NextFetchEvent): Promise<Response | undefined> {
  const isAction = req.headers.has("next-action") || (req.method === "POST" && (req.headers.get("content-type") ?? "").startsWith("multipart/form-data"));
  if (!isAction) return guardPage(req, ev);
  const verdict = await checkActionRequest(req); // Next hands the proxy a copy of the body and replays it to the action
  if (verdict.ok) return undefined;
  const headers = new Headers(securityHeaders({ production: env().NODE_ENV === "production" }).map((h): [string, string] => [h.key, h.value]));
  return Response.json({ error: verdict.error, code: verdict.status === 413 ? "too-large" : "bad-input" }, { status: verdict.status, headers });
}

// Written out in full: Next reads this object statically at build time.
export const config = {
  matcher: [
    { source: "/admin/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/check-in/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/lab/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/enrol/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/me/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/((?!api/|_next/).*)", has: [{ type: "header", key: "next-action" }] },
    { source: "/((?!api/|_next/).*)", has: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }] },
  ],
};
