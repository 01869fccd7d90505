// Before `npm run dev`: make sure .env.local has an AUTH_SECRET (generated once, never committed) and the
// WASM runtimes are in public/.
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import "./copy-wasm.mjs";

const envFile = path.resolve(import.meta.dirname, "..", ".env.local");
const current = existsSync(envFile) ? readFileSync(envFile, "utf8") : "";
if (!process.env.AUTH_SECRET && !/^AUTH_SECRET=/m.test(current)) {
  appendFileSync(envFile, `${current && !current.endsWith("\n") ? "\n" : ""}AUTH_SECRET=${randomBytes(32).toString("base64url")}\n`);
  console.log("dev-setup: generated AUTH_SECRET into .env.local");
}
