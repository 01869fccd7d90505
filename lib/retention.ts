// The retention sweep run by app/api/cron/retention: for every organisation, delete stored crops older than its
// cropRetentionDays (blob first, then the key, so a failed blob deletion is retried on the next run) and the face
// templates of people deactivated longer than its templateRetentionDays. One audit entry per organisation per run.
import "server-only";
import { settingsOf } from "@/lib/db/queries/organisations";
import {
  auditRetentionRun,
  clearCropKeys,
  deleteExpiredTemplates,
  listExpiredCrops,
  listOrganisationsForRetention,
} from "@/lib/db/queries/retention";
import type { Organisation } from "@/lib/db/schema";
import { objectStore, orgOfKey, type ObjectStore } from "@/lib/storage";

export interface RetentionOptions {
  now?: Date;
  store?: ObjectStore;
  /** Crops deleted per batch (one blob call and one UPDATE per batch). */
  batchSize?: number;
  /** Upper bound on crops per organisation per run, so one run stays within a serverless time limit. */
  maxCropsPerOrg?: number;
}

export interface RetentionResult {
  orgId: string;
  cropsDeleted: number;
  /** Crops still due after this run (the cap was reached); the next run continues. */
  cropsRemaining: boolean;
  templatesDeleted: number;
  peopleUnenrolled: number;
  error?: string;
}

const DAY_MS = 86_400_000;

async function sweepOrg(org: Pick<Organisation, "id" | "settings">, o: Required<RetentionOptions>): Promise<RetentionResult> {
  const s = settingsOf(org as Organisation);
  const cropCutoff = new Date(o.now.getTime() - s.cropRetentionDays * DAY_MS);
  const templateCutoff = new Date(o.now.getTime() - s.templateRetentionDays * DAY_MS);
  const r: RetentionResult = { orgId: org.id, cropsDeleted: 0, cropsRemaining: false, templatesDeleted: 0, peopleUnenrolled: 0 };
  try {
    while (r.cropsDeleted < o.maxCropsPerOrg) {
      const batch = await listExpiredCrops(org.id, cropCutoff, Math.min(o.batchSize, o.maxCropsPerOrg - r.cropsDeleted));
      if (batch.length === 0) break;
      // Never touch a key outside this organisation's prefix, whatever the row says.
      const keys = batch.map((b) => b.blobKey).filter((k) => orgOfKey(k) === org.id);
      await o.store.delete(keys);
      r.cropsDeleted += await clearCropKeys(org.id, batch.map((b) => b.id));
      if (batch.length < o.batchSize) break;
    }
    if (r.cropsDeleted >= o.maxCropsPerOrg) r.cropsRemaining = (await listExpiredCrops(org.id, cropCutoff, 1)).length > 0;
    const t = await deleteExpiredTemplates(org.id, templateCutoff);
    r.templatesDeleted = t.templates;
    r.peopleUnenrolled = t.people;
  } catch (e) {
    r.error = e instanceof Error ? e.name : "error";
    console.error("retention failed for an organisation:", e instanceof Error ? `${e.name}: ${e.message}` : "unknown");
  }
  await auditRetentionRun(org.id, {
    cropsDeleted: r.cropsDeleted,
    cropsRemaining: r.cropsRemaining,
    templatesDeleted: r.templatesDeleted,
    peopleUnenrolled: r.peopleUnenrolled,
    cropRetentionDays: s.cropRetentionDays,
    templateRetentionDays: s.templateRetentionDays,
    ...(r.error ? { error: r.error } : {}),
  });
  return r;
}

export async function runRetention(opts: RetentionOptions = {}): Promise<RetentionResult[]> {
  const o: Required<RetentionOptions> = {
    now: opts.now ?? new Date(),
    store: opts.store ?? objectStore(),
    batchSize: opts.batchSize ?? 500,
    maxCropsPerOrg: opts.maxCropsPerOrg ?? 20_000,
  };
  const out: RetentionResult[] = [];
  for (const org of await listOrganisationsForRetention()) out.push(await sweepOrg(org, o));
  return out;
}
