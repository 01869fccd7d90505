// Sends signed-out visitors of protected pages to sign-in. Authorisation proper happens in every action/route
// (and every protected page calls requirePageMember itself).
//
// Server-action calls (POST with the Next-Action header) are passed straight through: the action wrapper reads
// the session and the member itself, and a page Next renders into an action's response (after a redirect or a
// revalidation) runs its own requirePageMember. Running Auth.js here as well decrypted and re-encrypted the session
// cookie once more per call (measured with `npm run bench:server`: two server actions per check-in).
import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { authConfig } from "@/lib/auth/config";

const { auth } = NextAuth(authConfig);
const guard = auth as unknown as (req: NextRequest, ev: NextFetchEvent) => Promise<Response | undefined>;

export default function proxy(req: NextRequest, ev: NextFetchEvent) {
  if (req.method === "POST" && req.headers.has("next-action")) return NextResponse.next();
  return guard(req, ev);
}

export const config = { matcher: ["/admin/:path*", "/check-in/:path*", "/lab/:path*", "/enrol/:path*", "/me/:path*"] };
