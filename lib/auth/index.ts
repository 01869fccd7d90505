// Node part of Auth.js: the Credentials provider (scrypt-verified) on top of the edge-safe config.
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { findSignInCandidates } from "@/lib/db/queries/users";
import { signInSchema } from "@/lib/validations/auth";
import { authConfig } from "./config";
import { verifyPassword } from "./password";

export class AmbiguousOrganisation extends CredentialsSignin {
  code = "choose-organisation";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: {}, password: {}, organisation: {} },
      async authorize(raw) {
        const parsed = signInSchema.safeParse({
          email: raw?.email,
          password: raw?.password,
          organisation: raw?.organisation || undefined,
        });
        if (!parsed.success) return null;
        const { email, password, organisation } = parsed.data;
        const candidates = await findSignInCandidates(email, organisation);
        const matches = [];
        for (const c of candidates) if (await verifyPassword(password, c.user.passwordHash)) matches.push(c);
        if (candidates.length === 0) await verifyPassword(password, null);
        if (matches.length > 1) throw new AmbiguousOrganisation();
        const m = matches[0];
        if (!m) return null;
        return { id: m.user.id, name: m.user.name, email: m.user.email, orgId: m.user.orgId, role: m.user.role };
      },
    }),
  ],
});
