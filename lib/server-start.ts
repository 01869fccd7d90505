// What the server does once as it starts (called from instrumentation.ts in the Node runtime): checks the
// configuration (lib/env.ts; a production server without what it needs exits with one line), checks that the
// embedded data directories in use can be written, starts the face worker so that its models load now and not on
// the first check-in, opens (and in embedded mode migrates) the database, and in development seeds the demo
// organisation so `npm run dev` on a fresh clone is ready to use.
import { blobDir, demoEnabled, env, EnvError, pgliteDir, startupProblem, type Env } from "@/lib/env";

function refuse(line: string): never {
  console.error(`Clockface cannot start: ${line}`);
  process.exit(1);
}

export async function startServer(): Promise<void> {
  let e: Env;
  try {
    e = env();
  } catch (err) {
    if (err instanceof EnvError) refuse(err.message);
    throw err;
  }
  const problem = startupProblem(e);
  if (problem) refuse(problem);
  const { installPeerAddressStamp } = await import("@/lib/security/peer-address");
  installPeerAddressStamp();

  const { ensureWritableDir } = await import("@/lib/db/open");
  const localDirs = [...(e.DATABASE_URL ? [] : [pgliteDir(e)]), ...(e.BLOB_READ_WRITE_TOKEN ? [] : [blobDir(e)])];
  for (const dir of localDirs) await ensureWritableDir(dir).catch((err: Error) => refuse(`data directory ${err.message}`));

  const { asServiceUnavailable } = await import("@/lib/errors");
  const { db } = await import("@/lib/db/client");
  const { serverFace } = await import("@/lib/face/node/server-face");
  (await serverFace()).start?.();
  try {
    await db();
  } catch (err) {
    // Not fatal: /api/health reports it and requests answer "unavailable" until the database is back.
    console.error(asServiceUnavailable(err)?.logLine ?? `database unavailable: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  if (!demoEnabled(e)) return;
  const { ensureDemoOrganisation, DEMO } = await import("@/lib/db/seed-demo");
  const created = await ensureDemoOrganisation();
  console.log(
    `\n  Clockface demo organisation ${created ? "created" : "ready"}: sign in at http://localhost:${e.PORT ?? 3000}/sign-in\n` +
      `    email:    ${DEMO.email}\n    password: ${DEMO.password}\n`,
  );
}
