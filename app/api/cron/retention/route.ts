// Daily retention job (Vercel Cron or any scheduler): Authorization: Bearer $CRON_SECRET.
import { timingSafeEqual } from "node:crypto";
import { purgeExpiredBiometrics } from "@/lib/db/queries/attendance-events";
import { objectStore } from "@/lib/storage";

export const dynamic = "force-dynamic";

function authorised(req: Request): boolean {
  const secret = process.env.CRON_SECRET;
  if (!secret) return false;
  const got = Buffer.from(req.headers.get("authorization") ?? "");
  const want = Buffer.from(`Bearer ${secret}`);
  return got.length === want.length && timingSafeEqual(got, want);
}

export async function GET(req: Request): Promise<Response> {
  if (!authorised(req)) return Response.json({ error: "Not found." }, { status: 404 });
  const { cropKeys, templates } = await purgeExpiredBiometrics();
  if (cropKeys.length) await objectStore().delete(cropKeys);
  return Response.json({ crops: cropKeys.length, templates });
}
