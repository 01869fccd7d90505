import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { LabClient } from "./lab-client";

export const metadata = { title: "Face lab" };

/** Admin-only: the live pipeline with its measurements, to see and tune it on real cameras. */
export default async function LabPage() {
  await requirePageMember(ADMINS, "/lab");
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-semibold tracking-tight">Face lab</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">
        The check-in pipeline live on this camera: landmarks, eye aspect ratio and blinks, head pose, anti-spoof score,
        the execution provider in use and per-stage timings. Nothing is stored or sent.
      </p>
      <LabClient />
    </main>
  );
}
