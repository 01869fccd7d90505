// Outgoing mail: nodemailer over SMTP_URL when it is set; otherwise (development, tests) the message is
// printed to the console and appended to a local outbox that /dev/outbox lists (never in production).
import "server-only";
import { appendFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { env, outboxFile } from "@/lib/env";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface OutboxEntry extends Mail {
  at: string;
}

export const outboxEnabled = () => env().NODE_ENV !== "production" || env().CLOCKFACE_DEV_OUTBOX === "1";

/** Sends a mail; returns how it went out. Never throws for the dev outbox; SMTP errors propagate. */
export async function sendMail(mail: Mail): Promise<"smtp" | "outbox" | "none"> {
  const url = env().SMTP_URL;
  if (url) {
    const nodemailer = (await import("nodemailer")).default;
    const transport = nodemailer.createTransport(url);
    await transport.sendMail({ from: env().MAIL_FROM, ...mail });
    return "smtp";
  }
  if (!outboxEnabled()) return "none";
  console.log(`\n--- mail (dev outbox) ---\nTo: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}\n--- end of mail ---\n`);
  const file = outboxFile();
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, JSON.stringify({ ...mail, at: new Date().toISOString() } satisfies OutboxEntry) + "\n");
  return "outbox";
}

/** The dev outbox, newest first. */
export async function readOutbox(limit = 50): Promise<OutboxEntry[]> {
  if (!outboxEnabled()) return [];
  try {
    const lines = (await readFile(outboxFile(), "utf8")).trim().split("\n").filter(Boolean);
    return lines
      .slice(-limit)
      .reverse()
      .map((l) => JSON.parse(l) as OutboxEntry);
  } catch {
    return [];
  }
}
