import Link from "next/link";
import { ActionButton } from "@/app/_components/ui/action-button";
import { Badge } from "@/app/_components/ui/badge";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { PageHeader } from "@/app/_components/ui/page-header";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { listPendingEnrolments } from "@/lib/db/queries/enrolment-review";
import { getOrganisation, settingsOf } from "@/lib/db/queries/organisations";
import { formatDateTime, orgClock } from "@/lib/format";
import { approveEnrolmentAction, refuseEnrolmentAction } from "./actions";

export const metadata = { title: "Enrolments" };
export const dynamic = "force-dynamic";

export default async function EnrolmentsPage() {
  const { orgId } = await requirePageMember(ADMINS, "/admin/enrolments");
  const org = (await getOrganisation(orgId))!;
  const pending = await listPendingEnrolments(orgId);
  const auto = settingsOf(org).autoApproveEnrolment;
  return (
    <>
      <PageHeader
        title="Enrolments waiting for approval"
        description={
          auto
            ? "Enrolments that match nobody else are approved automatically (Settings); those below look like someone already enrolled."
            : "Nobody checks in with their face until an admin has approved their enrolment here (Settings can approve those that match nobody else automatically)."
        }
      />
      {pending.length === 0 ? (
        <EmptyState title="Nothing to review">New enrolments appear here.</EmptyState>
      ) : (
        <ul className="space-y-4" data-testid="pending-enrolments">
          {pending.map((p) => (
            <li key={p.userId} className="card" data-testid="pending-enrolment">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div>
                  <h2 className="font-medium">
                    <Link href={`/admin/staff/${p.userId}`} className="link">
                      {p.name}
                    </Link>
                  </h2>
                  <p className="text-sm text-slate-500">
                    {p.email}
                    {p.finishedAt && <> · finished {formatDateTime(p.finishedAt, orgClock(org))}</>}
                  </p>
                </div>
                {p.collision?.flagged ? <Badge tone="red">looks like {p.collision.nearestName ?? "someone else"}</Badge> : <Badge tone="green">matches nobody else</Badge>}
              </div>
              <div className="mt-3 flex flex-wrap gap-3">
                {p.cropKeys.map((c) => (
                  <figure key={c.key} className="text-center text-xs text-slate-500">
                    {/* eslint-disable-next-line @next/next/no-img-element -- private, per-request image behind the admin check */}
                    <img src={`/api/blob/${c.key}`} alt={`${p.name}, ${c.pose} capture`} width={128} height={128} className="h-32 w-32 rounded-lg bg-slate-100 object-cover" />
                    <figcaption>{c.pose}</figcaption>
                  </figure>
                ))}
              </div>
              <p className="mt-3 text-sm" data-testid="collision-result">
                1:N check:{" "}
                {p.collision?.score == null
                  ? "nobody else is enrolled yet."
                  : `nearest other person ${p.collision.nearestName ?? "(unknown)"}, similarity ${p.collision.score.toFixed(3)} (match threshold ${p.collision.threshold.toFixed(3)}).`}
              </p>
              <div className="mt-3 flex flex-wrap gap-3">
                <ActionButton action={approveEnrolmentAction} input={{ userId: p.userId }} className="btn-primary" testId="approve-enrolment">
                  Approve
                </ActionButton>
                <ActionButton
                  action={refuseEnrolmentAction}
                  input={{ userId: p.userId, reason: "Refused on review" }}
                  confirm={`Refuse ${p.name}'s enrolment? Their captures are deleted and they enrol again.`}
                  testId="refuse-enrolment"
                >
                  Refuse
                </ActionButton>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
