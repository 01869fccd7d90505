// Runs once when the server starts: opens (and migrates) the database, and in development seeds the demo
// organisation so `npm run dev` on a fresh clone is ready to use.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installPeerAddressStamp } = await import("@/lib/security/peer-address");
  installPeerAddressStamp();
  const { validateEnv } = await import("@/lib/env");
  validateEnv();
  const { db } = await import("@/lib/db/client");
  await db();
  const seed = process.env.CLOCKFACE_DEMO ? process.env.CLOCKFACE_DEMO === "1" : process.env.NODE_ENV === "development";
  if (!seed) return;
  const { ensureDemoOrganisation, DEMO } = await import("@/lib/db/seed-demo");
  const created = await ensureDemoOrganisation();
  console.log(
    `\n  Clockface demo organisation ${created ? "created" : "ready"}: sign in at http://localhost:${process.env.PORT ?? 3000}/sign-in\n` +
      `    email:    ${DEMO.email}\n    password: ${DEMO.password}\n`,
  );
}
