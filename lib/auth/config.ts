// Edge-safe part of the Auth.js config: pages, JWT/session callbacks and the route guard used by proxy.ts.
// No database or Node-only imports here (lib/auth/index.ts adds the Credentials provider).
import type { DefaultSession, NextAuthConfig } from "next-auth";
import type { Role } from "@/lib/db/schema";
import { memoisedDecode } from "./jwt-cache";

declare module "next-auth" {
  interface Session {
    user: { id: string; orgId: string; role: Role } & DefaultSession["user"];
  }
  interface User {
    orgId?: string;
    role?: Role;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    orgId?: string;
    role?: Role;
  }
}

const PROTECTED = ["/admin", "/check-in", "/lab", "/enrol", "/me"];

export const authConfig = {
  pages: { signIn: "/sign-in" },
  session: { strategy: "jwt", maxAge: 60 * 60 * 12 },
  // The default encode; decode remembers tokens it has decrypted (lib/auth/jwt-cache.ts).
  jwt: { decode: memoisedDecode },
  trustHost: true,
  // One line per failure: Auth.js's default prints a 30-line stack for every wrong password.
  logger: {
    error(error) {
      const type = (error as { type?: string }).type ?? error.name;
      if (type === "CredentialsSignin") console.warn("[auth] sign-in refused: wrong credentials");
      else console.error(`[auth] ${type}: ${error.message.split("\n")[0]}`);
    },
  },
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      const path = request.nextUrl.pathname;
      if (PROTECTED.some((p) => path === p || path.startsWith(p + "/"))) return !!auth?.user;
      return true;
    },
    jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.orgId = user.orgId;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      if (token.uid && token.orgId && token.role) {
        session.user.id = token.uid;
        session.user.orgId = token.orgId;
        session.user.role = token.role;
      }
      return session;
    },
  },
} satisfies NextAuthConfig;
