// Runs once when the server starts: checks the configuration (lib/env.ts; a production server without what it
// needs exits with one line), checks that the embedded data directory can be written when it is used, opens (and
// in embedded mode migrates) the database, starts the face worker so that its models load now and not on the first
// check-in, and in development seeds the demo organisation so `npm run dev` on a fresh clone is ready to use.
import { env, EnvError, startupProblem, type Env } from "@/lib/env";

function refuse(line: string): never {
  console.error(`Clockface cannot start: ${line}`);
  process.exit(1);
}

export async function register() {
  let e: Env;
  try {
    e = env();
  } catch (err) {
    if (err instanceof EnvError) refuse(err.message);
    throw err;
  }
  if (e.NEXT_RUNTIME !== "nodejs") return;
  const problem = startupProblem(e);
  if (problem) refuse(problem);

  const { blobDir, pgliteDir } = await import("@/lib/env");
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
  const seed = e.CLOCKFACE_DEMO ? e.CLOCKFACE_DEMO === "1" : e.NODE_ENV === "development";
  if (!seed) return;
  const { ensureDemoOrganisation, DEMO } = await import("@/lib/db/seed-demo");
  const created = await ensureDemoOrganisation();
  console.log(
    `\n  Clockface demo organisation ${created ? "created" : "ready"}: sign in at http://localhost:${e.PORT ?? 3000}/sign-in\n` +
      `    email:    ${DEMO.email}\n    password: ${DEMO.password}\n`,
  );
}
