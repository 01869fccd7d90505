import Link from "next/link";
import { PageHeader } from "@/app/_components/ui/page-header";
import { timezoneList } from "@/lib/validations/timezone";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { getOrganisation, settingsOf } from "@/lib/db/queries/organisations";
import { galleryCounts } from "@/lib/db/queries/templates";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { OrgSizeRates } from "./org-size-rates";
import { RulesForm } from "./rules-form";
import { RecognitionForm } from "./recognition-form";
import { RetentionForm } from "./retention-form";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { orgId } = await requirePageMember(ADMINS, "/admin/settings");
  const org = (await getOrganisation(orgId))!;
  const s = settingsOf(org);
  const { people } = await galleryCounts(orgId, EMBEDDING_MODEL_ID);
  const timezones = timezoneList();
  return (
    <>
      <PageHeader title="Settings" description="Rules that decide who is on time, late or absent, and how strict recognition is." />
      <div className="grid gap-6 xl:grid-cols-2">
        <section className="card" aria-labelledby="rules-h">
          <h2 id="rules-h" className="mb-4 text-lg font-medium">Working hours</h2>
          <RulesForm
            timezones={timezones}
            initial={{
              timezone: org.timezone,
              locale: org.locale,
              workDays: s.workDays.map(String),
              shiftStart: s.shiftStart,
              shiftEnd: s.shiftEnd,
              overnight: s.overnight,
              graceMinutes: String(s.graceMinutes),
              paidBreaks: s.paidBreaks,
              overtimeDailyHours: s.overtimeDailyMinutes ? String(s.overtimeDailyMinutes / 60) : "",
              overtimeWeeklyHours: s.overtimeWeeklyMinutes ? String(s.overtimeWeeklyMinutes / 60) : "",
              payPeriod: s.payPeriod,
            }}
          />
        </section>
        <div className="space-y-6">
          <section className="card" aria-labelledby="recognition-h">
            <h2 id="recognition-h" className="text-lg font-medium">Recognition</h2>
            <p className="mt-1 mb-4 text-sm text-slate-600">
              How strict the face check is. What the figures mean, and how and on which photos they were measured:{" "}
              <Link href="/model-card" className="link">
                the model card
              </Link>
              .
            </p>
            <RecognitionForm
              initial={{
                matchThreshold: s.matchThreshold,
                antispoofThreshold: s.antispoofThreshold,
                matchMargin: s.matchMargin,
                livenessSteps: s.livenessSteps,
                autoApproveEnrolment: s.autoApproveEnrolment,
                kioskFpir: s.kioskFpir,
              }}
            />
          </section>
          <section className="card" aria-labelledby="org-size-h">
            <h2 id="org-size-h" className="mb-4 text-lg font-medium">Kiosks and the size of your organisation</h2>
            <OrgSizeRates people={people} matchThreshold={s.matchThreshold} matchMargin={s.matchMargin} fpir={s.kioskFpir} />
          </section>
          <section className="card" aria-labelledby="retention-h">
            <h2 id="retention-h" className="mb-4 text-lg font-medium">Retention</h2>
            <RetentionForm initial={{ cropRetentionDays: s.cropRetentionDays, templateRetentionDays: s.templateRetentionDays }} />
          </section>
        </div>
      </div>
    </>
  );
}
