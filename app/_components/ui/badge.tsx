const tones = {
  green: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/20",
  red: "bg-red-50 text-red-700 ring-red-600/20",
  blue: "bg-brand-50 text-brand-700 ring-brand-600/20",
  slate: "bg-slate-100 text-slate-600 ring-slate-500/20",
} as const;

export type Tone = keyof typeof tones;

export function Badge({ tone = "slate", children, title }: { tone?: Tone; children: React.ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}>
      {children}
    </span>
  );
}

export const decisionTone: Record<string, Tone> = { accepted: "green", flagged: "amber", rejected: "red" };

export const dayStatusTone: Record<string, Tone> = {
  present: "green",
  Present: "green",
  late: "amber",
  Late: "amber",
  absent: "red",
  Absent: "red",
  "not-yet-in": "slate",
  "Not yet in": "slate",
  off: "slate",
  Off: "slate",
  upcoming: "slate",
  Upcoming: "slate",
  holiday: "blue",
  Holiday: "blue",
  leave: "blue",
  Leave: "blue",
};

export const accountTone: Record<string, Tone> = { active: "green", invited: "blue", deactivated: "slate" };
export const enrolmentTone: Record<string, Tone> = { enrolled: "green", none: "slate", held: "amber" };
export const deviceTone: Record<string, Tone> = { active: "green", approved: "green", pending: "amber", revoked: "slate" };

/** An attendance event's badge: an admin's correction says so; a face check-in shows its decision. */
export function EventBadge({ decision, source }: { decision: string; source: "face" | "correction" }) {
  if (source === "correction") return <Badge tone="blue">correction</Badge>;
  return <Badge tone={decisionTone[decision]}>{decision}</Badge>;
}
