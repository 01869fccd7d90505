// Sends signed-out visitors of protected pages to sign-in. Authorisation proper happens in every action/route.
import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";

const { auth } = NextAuth(authConfig);
export default auth;

export const config = { matcher: ["/admin/:path*", "/check-in/:path*", "/lab/:path*", "/enrol/:path*", "/me/:path*"] };
