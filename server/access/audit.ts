import type { DB } from "../../data/db.ts";

export type AuditOutcome = "ok" | "failed" | "denied";

/** What the audit log records; see README "Zugriff / Access". */
export type AuditAction =
  | "login"
  | "logout"
  | "import"
  | "report.generate"
  | "share-link.create"
  | "share-link.revoke"
  | "registry.update"
  | "events.update"
  | "collect"
  | "erasure";

export interface AuditEntry {
  /** "admin:1a2b3c4d" (role and the first 8 hex digits of the session's token hash) or "anonymous". */
  actor: string;
  action: AuditAction;
  target?: string | null;
  outcome: AuditOutcome;
  /** Short free text. Callers never put a password or token here; long values are cut. */
  detail?: string | null;
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  detail: string | null;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  list(limit?: number): Promise<AuditRow[]>;
}

const MAX_TEXT = 500;
const cut = (v: string | null | undefined) =>
  v == null ? null : v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v;

export function createAuditLog(deps: { db: DB; now: () => Date }): AuditLog {
  return {
    async record(e) {
      await deps.db
        .insertInto("audit_log")
        .values({
          at: deps.now().toISOString(),
          actor: e.actor,
          action: e.action,
          target: cut(e.target),
          outcome: e.outcome,
          detail: cut(e.detail),
        })
        .execute();
    },
    async list(limit = 200) {
      return deps.db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(limit).execute();
    },
  };
}
