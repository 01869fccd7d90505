// Node part of Auth.js: the Credentials provider (scrypt-verified) on top of the edge-safe config.
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { clientIpOf } from "@/lib/checkin/server/request-meta";
import { clearSignInFailures, recordSignInFailure, signInGate } from "@/lib/db/queries/sign-in-limits";
import { findSignInCandidates } from "@/lib/db/queries/users";
import { signInSchema } from "@/lib/validations/auth";
import { authConfig } from "./config";
import { verifyPassword } from "./password";

export class AmbiguousOrganisation extends CredentialsSignin {
  code = "choose-organisation";
}

/** Too many failed sign-ins for this account: locked for a while (or until an owner unlocks it). */
export class AccountLocked extends CredentialsSignin {
  code = "locked";
}

/** Too many failed sign-ins from this address. */
export class SignInRateLimited extends CredentialsSignin {
  code = "rate-limited";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: {}, password: {}, organisation: {} },
      async authorize(raw, request) {
        const parsed = signInSchema.safeParse({
          email: raw?.email,
          password: raw?.password,
          organisation: raw?.organisation || undefined,
        });
        if (!parsed.success) return null;
        const { email, password, organisation } = parsed.data;
        // Limits first: a locked account or a blocked address costs no password hash.
        const ip = clientIpOf(request.headers);
        const gate = await signInGate(email, ip);
        if (!gate.open) throw gate.reason === "locked" ? new AccountLocked() : new SignInRateLimited();
        const candidates = await findSignInCandidates(email, organisation);
        const matches = [];
        for (const c of candidates) if (await verifyPassword(password, c.user.passwordHash)) matches.push(c);
        if (candidates.length === 0) await verifyPassword(password, null);
        if (matches.length > 1) throw new AmbiguousOrganisation();
        const m = matches[0];
        if (!m) {
          if (await recordSignInFailure(email, ip)) throw new AccountLocked();
          return null;
        }
        await clearSignInFailures(email);
        return { id: m.user.id, name: m.user.name, email: m.user.email, orgId: m.user.orgId, role: m.user.role };
      },
    }),
  ],
});
