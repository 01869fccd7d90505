// The side panels of a person's page: add a missing event, face data, and the corrections made so far.
import type { CorrectionEntry } from "@/lib/db/queries/corrections";
import type { User } from "@/lib/db/schema";
import { countOf, formatDateTime, type OrgClock } from "@/lib/format";
import { FaceDataControls } from "../../_components/face-data";
import { AddEventForm } from "../correction-forms";
import { describeChange } from "./timeline";

export function AddEventPanel({ userId, timeZone, defaultDate }: { userId: string; timeZone: string; defaultDate: string }) {
  return (
    <section className="card" aria-labelledby="add-h">
      <h2 id="add-h" className="mb-1 font-medium">
        Add a missing event
      </h2>
      <p className="mb-4 text-xs text-slate-500">Times are in {timeZone}. The change is recorded with your name and reason.</p>
      <AddEventForm userId={userId} defaultDate={defaultDate} />
    </section>
  );
}

export function FaceDataPanel({ member, templates }: { member: User; templates: number }) {
  return (
    <section className="card" aria-labelledby="face-h">
      <h2 id="face-h" className="mb-1 font-medium">
        Face data
      </h2>
      <p className="mb-4 text-xs text-slate-500">
        {member.enrolment === "held"
          ? "Enrolment held: the face looked like another person's. Check before releasing it."
          : member.enrolment === "enrolled"
            ? `Enrolled with ${countOf(templates, "template")}.`
            : "Not enrolled."}
      </p>
      <FaceDataControls userId={member.id} name={member.name} enrolment={member.enrolment} templates={templates} />
    </section>
  );
}

export function CorrectionsPanel({ name, corrections, clock }: { name: string; corrections: CorrectionEntry[]; clock: OrgClock }) {
  return (
    <section className="card" aria-labelledby="corr-h">
      <h2 id="corr-h" className="mb-3 font-medium">
        Corrections
      </h2>
      {corrections.length === 0 ? (
        <p className="text-sm text-slate-500">No corrections for {name}.</p>
      ) : (
        <ul className="space-y-3 text-sm" data-testid="corrections-list">
          {corrections.map((c) => (
            <li key={c.id} className="border-l-2 border-brand-100 pl-3">
              <p>
                <span className="font-medium capitalize">{c.action}</span> <span className="text-slate-600">{describeChange(c.before, c.after, clock)}</span>
              </p>
              <p className="text-slate-600">“{c.reason}”</p>
              <p className="text-xs text-slate-500">
                {c.adminName ?? "Former admin"} · {formatDateTime(c.createdAt, clock)}
                {c.requestId && " · asked for by the employee"}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
