// The whole data model (docs/architecture.md). Every row carries its organisation; ids are random UUIDs
// (v7, time-ordered) generated in the app; timestamps are timestamptz.
import { relations, sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  vector,
} from "drizzle-orm/pg-core";
import { payPeriodKinds } from "@/lib/attendance/approval";
import { leaveCategories, leaveHalves } from "@/lib/attendance/leave";
import { punchKinds } from "@/lib/attendance/punches";
import { notificationKinds } from "@/lib/notifications/kinds";
import { poses } from "@/lib/face/core/types";
import { uuidv7 } from "@/lib/ids";
import type { OrgSettings } from "@/lib/validations/settings";

const id = () => uuid("id").primaryKey().$defaultFn(uuidv7);
const orgId = () =>
  uuid("org_id")
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" });
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();


/** What an attendance event's match used (attendance_events.matching). */
export interface MatchingRecord {
  /** How a person's templates gave one score: their best template. */
  templates: "best";
  /** How the capture gave one probe: a single frame, or the mean of several frames' embeddings. */
  probe: "single-frame" | "mean-of-frames";
  /** Frames behind the probe. */
  frames: number;
  /** 1:1 (laptop) or the kiosk's threshold, and the score from which another person counted as plausible. */
  threshold: number;
  guard: number;
  /** Enrolled people in the organisation when the match ran (the thresholds follow it). */
  people: number;
}

export const roles = ["owner", "admin", "employee"] as const;
export type Role = (typeof roles)[number];

export const organisations = pgTable(
  "organisations",
  {
    id: id(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    timezone: text("timezone").notNull().default("UTC"),
    /** How its dates and times are written (lib/validations/locale.ts's list; existing organisations: en-GB). */
    locale: text("locale").notNull().default("en-GB"),
    settings: jsonb("settings").$type<OrgSettings>().notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  () => [
    // The liveness step pool (settings.livenessSteps, see livenessStepsSchema): absent (= all steps) or an array
    // of 2–3 known steps, each once (its length equals the number of distinct known steps it contains). A pool
    // of one step would make every challenge the same: refused here as well as by the form.
    check(
      "organisations_liveness_steps_check",
      sql`settings->'livenessSteps' IS NULL OR (jsonb_typeof(settings->'livenessSteps') = 'array' AND settings->'livenessSteps' <@ '["blink","turn-left","turn-right"]'::jsonb AND jsonb_array_length(settings->'livenessSteps') >= 2 AND jsonb_array_length(settings->'livenessSteps') = (settings->'livenessSteps' @> '["blink"]')::int + (settings->'livenessSteps' @> '["turn-left"]')::int + (settings->'livenessSteps' @> '["turn-right"]')::int)`,
    ),
  ],
);

export const users = pgTable(
  "users",
  {
    id: id(),
    orgId: orgId(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: roles }).notNull().default("employee"),
    status: text("status", { enum: ["active", "invited", "deactivated"] }).notNull().default("active"),
    passwordHash: text("password_hash"),
    // "none" | "enrolled" | "held" (a 1:N collision waiting for an admin)
    enrolment: text("enrolment", { enum: ["none", "enrolled", "held"] }).notNull().default("none"),
    /** The organisation's own number for the person (payroll); unique within the organisation when set. */
    employeeNumber: text("employee_number"),
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    /** When the person proved they read mail at `email` (a verification link; an accepted invite). */
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    /** The person's choice on /me: reminders, leave decisions and (admins) the daily digest by e-mail. */
    emailReminders: boolean("email_reminders").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_org_email_idx").on(t.orgId, sql`lower(${t.email})`),
    index("users_email_idx").on(sql`lower(${t.email})`),
    uniqueIndex("users_org_employee_number_idx").on(t.orgId, t.employeeNumber).where(sql`${t.employeeNumber} IS NOT NULL`),
  ],
);

export const invites = pgTable(
  "invites",
  {
    id: id(),
    orgId: orgId(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: roles }).notNull().default("employee"),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("invites_org_idx").on(t.orgId)],
);

export const consents = pgTable(
  "consents",
  {
    id: id(),
    orgId: orgId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    textVersion: text("text_version").notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }).notNull().defaultNow(),
    ip: text("ip"),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
  },
  (t) => [index("consents_user_idx").on(t.orgId, t.userId)],
);

export const devices = pgTable(
  "devices",
  {
    id: id(),
    orgId: orgId(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["personal", "kiosk"] }).notNull(),
    name: text("name").notNull(),
    publicKeyJwk: jsonb("public_key_jwk").$type<JsonWebKey>().notNull(),
    approvedBy: uuid("approved_by").references(() => users.id, { onDelete: "set null" }),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("devices_org_idx").on(t.orgId, t.userId)],
);

export const faceTemplates = pgTable(
  "face_templates",
  {
    id: id(),
    orgId: orgId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    modelId: text("model_id").notNull(),
    embedding: vector("embedding", { dimensions: 128 }).notNull(),
    quality: real("quality").notNull(),
    pose: text("pose", { enum: poses }).notNull().default("frontal"),
    createdAt: createdAt(),
  },
  (t) => [
    index("face_templates_org_model_idx").on(t.orgId, t.modelId),
    index("face_templates_user_idx").on(t.userId),
    // Approximate nearest neighbours for large galleries; queried with iterative scan.
    index("face_templates_embedding_hnsw_idx").using("hnsw", t.embedding.op("vector_cosine_ops")),
  ],
);

export const challenges = pgTable(
  "challenges",
  {
    id: id(),
    orgId: orgId(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    deviceId: uuid("device_id")
      .notNull()
      .references(() => devices.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["check-in", "enrol"] }).notNull().default("check-in"),
    nonce: text("nonce").notNull().unique(),
    steps: jsonb("steps").$type<string[]>().notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    consumedAt: timestamp("consumed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("challenges_org_idx").on(t.orgId, t.userId)],
);

export const attendanceEvents = pgTable(
  "attendance_events",
  {
    id: id(),
    orgId: orgId(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    deviceId: uuid("device_id").references(() => devices.id, { onDelete: "set null" }),
    // A punch: check in, start / end a break, check out (lib/attendance/punches.ts); null for an attempt that
    // never got a direction (rejected).
    kind: text("kind", { enum: punchKinds }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    decision: text("decision", { enum: ["accepted", "rejected", "flagged"] }).notNull(),
    reason: text("reason"),
    score: real("score"),
    margin: real("margin"),
    // How the face was matched: template and probe fusion, the thresholds in force and the organisation's size.
    matching: jsonb("matching").$type<MatchingRecord>(),
    liveness: jsonb("liveness").$type<Record<string, unknown>>(),
    antispoof: real("antispoof"),
    strictCosine: real("strict_cosine"),
    blobKey: text("blob_key"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    // Corrections never overwrite: a corrected event points at the one it replaces; voided events stay.
    source: text("source", { enum: ["face", "correction"] }).notNull().default("face"),
    supersedesId: uuid("supersedes_id"),
    voidedAt: timestamp("voided_at", { withTimezone: true }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("attendance_org_at_idx").on(t.orgId, t.at),
    index("attendance_user_at_idx").on(t.orgId, t.userId, t.at),
  ],
);

/**
 * A kiosk's identification waiting for the person's choice (check in, start / end a break, check out): the scan's
 * evidence and crop, kept for at most a minute. The kiosk's signed choice deletes it and records the punch in one
 * transaction; an unanswered one records nothing and is swept.
 */
export const kioskIdentifications = pgTable(
  "kiosk_identifications",
  {
    id: id(),
    orgId: orgId(),
    deviceId: uuid("device_id")
      .notNull()
      .references(() => devices.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Score, margin, matching, liveness, anti-spoof, strict cosine, ip and user agent of the scan. */
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull(),
    /** The context crop (JPEG, base64): the audit photo once the punch is recorded. */
    cropJpeg: text("crop_jpeg"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("kiosk_identifications_device_idx").on(t.orgId, t.deviceId, t.expiresAt)],
);

/** Each e-mail the notifications cron sent, once per person, kind and key (a work date, a leave request). */
export const notificationsSent = pgTable(
  "notifications_sent",
  {
    id: id(),
    orgId: orgId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: notificationKinds }).notNull(),
    key: text("key").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("notifications_sent_once_idx").on(t.orgId, t.userId, t.kind, t.key)],
);

export const corrections = pgTable(
  "corrections",
  {
    id: id(),
    orgId: orgId(),
    eventId: uuid("event_id").references(() => attendanceEvents.id, { onDelete: "set null" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    adminId: uuid("admin_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action", { enum: ["add", "edit", "void"] }).notNull(),
    before: jsonb("before").$type<Record<string, unknown> | null>(),
    after: jsonb("after").$type<Record<string, unknown> | null>(),
    reason: text("reason").notNull(),
    /** The employee's request this correction carries out (null: an admin's own correction). */
    requestId: uuid("request_id").references(() => correctionRequests.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("corrections_org_idx").on(t.orgId, t.createdAt)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    orgId: orgId(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    data: jsonb("data").$type<Record<string, unknown>>(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_org_at_idx").on(t.orgId, t.at), index("audit_org_action_idx").on(t.orgId, t.action)],
);

/** Single-use links mailed to a person (password reset, e-mail verification): only the token's SHA-256 is stored. */
export const authTokens = pgTable(
  "auth_tokens",
  {
    id: id(),
    orgId: orgId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["password-reset", "email-verify"] }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("auth_tokens_user_idx").on(t.orgId, t.userId, t.purpose)],
);

/** Sliding-window attempt counters for rate limits (per user, device, IP). */
export const rateLimits = pgTable(
  "rate_limits",
  {
    id: id(),
    orgId: uuid("org_id"),
    bucket: text("bucket").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("rate_limits_bucket_idx").on(t.bucket, t.at)],
);

/** Shift templates an organisation plans with (lib/attendance/schedule.ts); times are local "HH:MM". */
export const shiftTemplates = pgTable(
  "shift_templates",
  {
    id: id(),
    orgId: orgId(),
    name: text("name").notNull(),
    start: text("start_time").notNull(),
    end: text("end_time").notNull(),
    overnight: boolean("overnight").notNull().default(false),
    unpaidBreakMinutes: integer("unpaid_break_minutes").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("shift_templates_org_name_idx").on(t.orgId, sql`lower(${t.name})`),
    check("shift_templates_break_check", sql`${t.unpaidBreakMinutes} >= 0`),
  ],
);

/** A person's rota: a template on some ISO weekdays from validFrom to validTo (inclusive; null = open-ended). */
export const shiftAssignments = pgTable(
  "shift_assignments",
  {
    id: id(),
    orgId: orgId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    templateId: uuid("template_id")
      .notNull()
      .references(() => shiftTemplates.id, { onDelete: "restrict" }),
    weekdays: jsonb("weekdays").$type<number[]>().notNull(),
    validFrom: date("valid_from", { mode: "string" }).notNull(),
    validTo: date("valid_to", { mode: "string" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("shift_assignments_user_idx").on(t.orgId, t.userId),
    check("shift_assignments_range_check", sql`${t.validTo} IS NULL OR ${t.validTo} >= ${t.validFrom}`),
  ],
);

/** The organisation's holiday calendar: nobody is expected on these dates. */
export const holidays = pgTable(
  "holidays",
  {
    id: id(),
    orgId: orgId(),
    date: date("date", { mode: "string" }).notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("holidays_org_date_idx").on(t.orgId, t.date)],
);

/** Kinds of leave an organisation grants (paid / unpaid / sick), with an optional yearly allowance in days. */
export const leaveTypes = pgTable(
  "leave_types",
  {
    id: id(),
    orgId: orgId(),
    name: text("name").notNull(),
    category: text("category", { enum: leaveCategories }).notNull(),
    allowanceDays: real("allowance_days"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("leave_types_org_name_idx").on(t.orgId, sql`lower(${t.name})`)],
);

export const leaveStatuses = ["pending", "approved", "refused"] as const;

/** A person's leave: requested from /me (pending until an admin decides) or recorded by an admin (approved). */
export const leaveRequests = pgTable(
  "leave_requests",
  {
    id: id(),
    orgId: orgId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    typeId: uuid("type_id")
      .notNull()
      .references(() => leaveTypes.id, { onDelete: "restrict" }),
    from: date("from_date", { mode: "string" }).notNull(),
    to: date("to_date", { mode: "string" }).notNull(),
    half: text("half", { enum: leaveHalves }),
    status: text("status", { enum: leaveStatuses }).notNull().default("pending"),
    note: text("note"),
    decisionReason: text("decision_reason"),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("leave_requests_user_idx").on(t.orgId, t.userId, t.from),
    check("leave_requests_range_check", sql`${t.to} >= ${t.from} AND (${t.half} IS NULL OR ${t.to} = ${t.from})`),
  ],
);

export const correctionRequestStatuses = ["pending", "approved", "refused"] as const;

/**
 * An employee's request to correct one of their days (lib/attendance/approval.ts correctionSteps): when they came in
 * and / or left, local "HH:MM" on `date`. Approved, it becomes corrections (corrections.requestId); refused, it
 * keeps the admin's reason.
 */
export const correctionRequests = pgTable(
  "correction_requests",
  {
    id: id(),
    orgId: orgId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    date: date("date", { mode: "string" }).notNull(),
    checkIn: text("check_in"),
    checkOut: text("check_out"),
    reason: text("reason").notNull(),
    status: text("status", { enum: correctionRequestStatuses }).notNull().default("pending"),
    decisionReason: text("decision_reason"),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("correction_requests_org_idx").on(t.orgId, t.status, t.createdAt),
    check("correction_requests_time_check", sql`${t.checkIn} IS NOT NULL OR ${t.checkOut} IS NOT NULL`),
  ],
);

/**
 * A pay period approved for one person (lib/attendance/approval.ts): while not unlocked, nothing inside it changes
 * (corrections, leave, requests, punches). Unlocking keeps the row, with who, when and why; approving again adds
 * a new row.
 */
export const periodApprovals = pgTable(
  "period_approvals",
  {
    id: id(),
    orgId: orgId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: payPeriodKinds }).notNull(),
    from: date("from_date", { mode: "string" }).notNull(),
    to: date("to_date", { mode: "string" }).notNull(),
    approvedBy: uuid("approved_by").references(() => users.id, { onDelete: "set null" }),
    approvedAt: timestamp("approved_at", { withTimezone: true }).notNull().defaultNow(),
    unlockedBy: uuid("unlocked_by").references(() => users.id, { onDelete: "set null" }),
    unlockedAt: timestamp("unlocked_at", { withTimezone: true }),
    unlockReason: text("unlock_reason"),
  },
  (t) => [
    index("period_approvals_org_idx").on(t.orgId, t.from),
    uniqueIndex("period_approvals_active_idx").on(t.orgId, t.userId, t.from).where(sql`${t.unlockedAt} IS NULL`),
    check("period_approvals_range_check", sql`${t.to} >= ${t.from}`),
  ],
);

export const organisationsRelations = relations(organisations, ({ many }) => ({
  users: many(users),
  devices: many(devices),
}));
export const usersRelations = relations(users, ({ one, many }) => ({
  organisation: one(organisations, { fields: [users.orgId], references: [organisations.id] }),
  templates: many(faceTemplates),
  devices: many(devices),
}));
export const devicesRelations = relations(devices, ({ one }) => ({
  user: one(users, { fields: [devices.userId], references: [users.id] }),
}));

export type Organisation = typeof organisations.$inferSelect;
export type User = typeof users.$inferSelect;
/** A person's enrolment: none, enrolled, or held (a 1:N collision waiting for an admin). */
export type Enrolment = User["enrolment"];
export type NewUser = typeof users.$inferInsert;
export type Invite = typeof invites.$inferSelect;
export type Device = typeof devices.$inferSelect;
export type FaceTemplate = typeof faceTemplates.$inferSelect;
export type Challenge = typeof challenges.$inferSelect;
export type AttendanceEvent = typeof attendanceEvents.$inferSelect;
export type Correction = typeof corrections.$inferSelect;
export type KioskIdentification = typeof kioskIdentifications.$inferSelect;
export type NotificationSent = typeof notificationsSent.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type AuthToken = typeof authTokens.$inferSelect;
export type ShiftTemplateRow = typeof shiftTemplates.$inferSelect;
export type ShiftAssignmentRow = typeof shiftAssignments.$inferSelect;
export type Holiday = typeof holidays.$inferSelect;
export type LeaveType = typeof leaveTypes.$inferSelect;
export type LeaveRequest = typeof leaveRequests.$inferSelect;
export type CorrectionRequest = typeof correctionRequests.$inferSelect;
export type PeriodApprovalRow = typeof periodApprovals.$inferSelect;
