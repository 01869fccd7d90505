// The corrections part of /me: the person's requests and a form to ask for another.
import { Badge } from "@/app/_components/ui/badge";
import { listCorrectionRequests } from "@/lib/db/queries/correction-requests";
import { correctionSummary } from "@/lib/db/queries/pending-requests";
import { CorrectionRequestForm } from "./correction-form";

export async function loadMyCorrections(orgId: string, userId: string, today: string) {
  return { mine: await listCorrectionRequests(orgId, { userId, limit: 20 }), today };
}

export function MyCorrections({ mine, today }: Awaited<ReturnType<typeof loadMyCorrections>>) {
  const tone = { pending: "amber", approved: "green", refused: "red" } as const;
  return (
    <section className="card mt-8" aria-labelledby="corrections-h">
      <h2 id="corrections-h" className="mb-1 text-lg font-medium">Corrections</h2>
      <p className="mb-4 text-sm text-slate-500">Forgot to check out, or a time is wrong? Ask here; an admin approves or refuses it.</p>
      {mine.length > 0 && (
        <ul className="mb-4 divide-y divide-slate-100 text-sm" data-testid="my-corrections">
          {mine.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-2 py-2">
              <Badge tone={tone[r.status]}>{r.status}</Badge>
              {r.date} · {correctionSummary(r)}
              {r.decisionReason && <span className="text-xs text-slate-500">— {r.decisionReason}</span>}
            </li>
          ))}
        </ul>
      )}
      <CorrectionRequestForm today={today} />
    </section>
  );
}
