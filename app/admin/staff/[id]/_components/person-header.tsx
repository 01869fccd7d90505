// The top of a person's page: name and states (with the sign-in lock), employee number, and the month controls.
import Link from "next/link";
import { ActionButton } from "@/app/_components/ui/action-button";
import { accountTone, Badge, enrolmentTone } from "@/app/_components/ui/badge";
import { PageHeader } from "@/app/_components/ui/page-header";
import { shiftMonth, type LocalDate, type LocalMonth } from "@/lib/attendance/local-time";
import type { User } from "@/lib/db/schema";
import { formatDateTime, formatMonth, type OrgClock } from "@/lib/format";
import { unlockSignInAction } from "../../actions";
import { EmployeeNumberForm } from "./employee-number-form";

export function PersonHeader({ member, lockedUntil, clock }: { member: User; lockedUntil: Date | null; clock: OrgClock }) {
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href="/admin/staff" className="link">
          ← Staff
        </Link>
      </nav>
      <PageHeader title={member.name} description={`${member.email} · ${member.role}`}>
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={accountTone[member.status]}>{member.status}</Badge>
          <Badge tone={enrolmentTone[member.enrolment]}>{member.enrolment === "none" ? "not enrolled" : member.enrolment}</Badge>
          {lockedUntil && (
            <>
              <span data-testid="sign-in-locked">
                <Badge tone="red">sign-in locked until {formatDateTime(lockedUntil, clock)}</Badge>
              </span>
              <ActionButton action={unlockSignInAction} input={{ userId: member.id }} testId="unlock-sign-in">
                Unlock sign-in
              </ActionButton>
            </>
          )}
        </div>
      </PageHeader>
      <div className="mb-6">
        <EmployeeNumberForm userId={member.id} initial={member.employeeNumber} />
      </div>
    </>
  );
}

/** Previous / next month (no later than this month) and the month's report for this person. */
export function MonthNav({
  userId,
  month,
  thisMonth,
  range,
  clock,
}: {
  userId: string;
  month: LocalMonth;
  thisMonth: LocalMonth;
  range: { from: LocalDate; to: LocalDate };
  clock: OrgClock;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
      <div className="flex items-center gap-2" role="group" aria-label="Month">
        <Link className="btn-secondary px-3 py-1.5" href={`?month=${shiftMonth(month, -1)}`} aria-label="Previous month">
          ←
        </Link>
        <h2 className="min-w-40 text-center font-medium" aria-live="polite">
          {formatMonth(month, clock.locale)}
        </h2>
        <Link
          className={`btn-secondary px-3 py-1.5 ${month >= thisMonth ? "pointer-events-none opacity-40" : ""}`}
          href={`?month=${shiftMonth(month, 1)}`}
          aria-label="Next month"
          aria-disabled={month >= thisMonth}
        >
          →
        </Link>
      </div>
      <Link className="btn-secondary" href={`/admin/reports?from=${range.from}&to=${range.to}&person=${userId}`}>
        Report for this month
      </Link>
    </div>
  );
}
