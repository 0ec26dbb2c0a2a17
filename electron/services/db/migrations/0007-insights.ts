import type { Migration } from './migration'

/**
 * Insights: one row of facts per standing decision (derived from the signed record and its case,
 * kept beside the append-only log so that 100,000 decisions aggregate in milliseconds without
 * parsing JSON), and the SLA warnings already given, so no case is warned about twice.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'insights',
  up: `
    CREATE TABLE decision_facts (
      decision_id TEXT PRIMARY KEY REFERENCES decisions(id),
      case_pk INTEGER NOT NULL REFERENCES cases(pk),
      kind TEXT NOT NULL,
      workflow TEXT NOT NULL,
      rule TEXT,
      outcome TEXT NOT NULL,
      reviewer TEXT NOT NULL,
      decided_at INTEGER NOT NULL,
      time_on_task_ms INTEGER NOT NULL,
      edited_fields TEXT NOT NULL
    ) STRICT;
    CREATE INDEX decision_facts_by_rule ON decision_facts (rule, decided_at);
    CREATE INDEX decision_facts_by_time ON decision_facts (decided_at);

    INSERT INTO decision_facts
    SELECT d.id, d.case_pk, json_extract(d.record, '$.kind'), json_extract(d.record, '$.provenance.workflow.name'),
      json_extract(c.body, '$.pauseReason.rule'), d.outcome, json_extract(d.record, '$.reviewer'),
      CAST(unixepoch(json_extract(d.record, '$.decidedAt'), 'subsec') * 1000 AS INTEGER),
      max(0, CAST((unixepoch(json_extract(d.record, '$.decidedAt'), 'subsec') - unixepoch(json_extract(d.record, '$.openedAt'), 'subsec')) * 1000 AS INTEGER)),
      coalesce((SELECT json_group_array(json_extract(e.value, '$.field')) FROM json_each(d.record, '$.edits') e), '[]')
    FROM decisions d JOIN cases c ON c.pk = d.case_pk
    WHERE d.outcome != 'retract'
      AND NOT EXISTS (SELECT 1 FROM decisions r WHERE r.outcome = 'retract' AND json_extract(r.record, '$.retracts') = d.id);

    -- Pending counts also exclude snoozed cases: the index covers that test too.
    DROP INDEX cases_by_state_workspace;
    CREATE INDEX cases_by_state_workspace ON cases (state, workspace_id, snoozed_until);

    CREATE TABLE sla_warnings (
      case_pk INTEGER PRIMARY KEY REFERENCES cases(pk),
      warned_at TEXT NOT NULL
    ) STRICT;
  `
}
