// Production migrations: `DATABASE_URL=postgres://… npm run db:migrate` (neon-serverless migrator).
// Without DATABASE_URL it migrates the embedded PGlite database in .data/pglite.
import path from "node:path";
import { openDatabase } from "../lib/db/open";

const url = process.env.DATABASE_URL;
await openDatabase({ url, dataDir: path.resolve(".data/pglite"), migrate: true });
console.log(`migrated ${url ? "the DATABASE_URL database" : ".data/pglite"}`);
process.exit(0);
