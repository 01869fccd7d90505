"use client";

// 30-day attendance rate (bars) and lateness (line), both in percent, with recharts. The box clips what it holds:
// after a resize the chart keeps its old width until recharts measures again, and must not widen the page meanwhile.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ChartPoint {
  date: string;
  label: string;
  attendance: number | null;
  lateness: number | null;
  expected: number;
  attended: number;
  late: number;
}

const pct = (v: unknown) => (typeof v === "number" ? `${Math.round(v)}%` : "—");

export function AttendanceChart({ points }: { points: ChartPoint[] }) {
  return (
    <div className="h-72 w-full min-w-0 overflow-hidden" role="img" aria-label="Attendance rate and lateness over the last 30 days">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#64748b" }} interval="preserveStartEnd" minTickGap={16} tickLine={false} />
          <YAxis domain={[0, 100]} tickFormatter={pct} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} />
          <Tooltip
            formatter={(value, name) => [pct(value), name]}
            labelFormatter={(_l, payload) => {
              const p = payload?.[0]?.payload as ChartPoint | undefined;
              return p ? `${p.label}: ${p.attended}/${p.expected} in, ${p.late} late` : "";
            }}
            contentStyle={{ borderRadius: 8, borderColor: "#e2e8f0", fontSize: 12 }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="attendance" name="Attendance" fill="oklch(0.58 0.16 255)" radius={[3, 3, 0, 0]} maxBarSize={18} />
          <Line dataKey="lateness" name="Late arrivals" stroke="#d97706" strokeWidth={2} dot={{ r: 2 }} connectNulls={false} type="monotone" />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
