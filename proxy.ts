// Sends signed-out visitors of protected pages to sign-in. Authorisation proper happens in every action/route
// (and every protected page calls requirePageMember itself).
//
// Server-action calls (requests with the Next-Action header) do not reach the proxy at all (the matcher's
// `missing`): the action wrapper reads the session and the member itself, and a page Next renders into an action's
// response (after a redirect or a revalidation) runs its own requirePageMember. Running the proxy as well decrypted
// and re-encrypted the session cookie once more per call, and made Next hand every action's body to the proxy
// first (measured with `npm run bench:server`: two server actions per check-in).
import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";

const { auth } = NextAuth(authConfig);
export default auth;

// Written out in full: Next reads this object statically at build time.
export const config = {
  matcher: [
    { source: "/admin/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/check-in/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/lab/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/enrol/:path*", missing: [{ type: "header", key: "next-action" }] },
    { source: "/me/:path*", missing: [{ type: "header", key: "next-action" }] },
  ],
};
