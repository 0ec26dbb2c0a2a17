import type { Migration } from './migration'

/**
 * How each decision counts in insights (`outcome_class`, see electron/services/insights/outcome-class.ts),
 * worked out when it is recorded, with the case in hand: choosing an option is only an approval
 * when the option is the one the automation recommended. Before this, every option chosen without
 * edits counted as "approved unchanged": another category for a classification, or "Hold for the
 * team lead" on a tool call. Facts stored before are classed from their record's option and the
 * cached case's options (the case as last pulled: an option it no longer lists counts as other),
 * and a classification given another category records its label as the field corrected. A body
 * that is not JSON, or whose options are not a list of objects, counts as listing no options.
 */
/**
 * A cached case's body when its `options` is a list, else an empty one: bodies were validated on
 * arrival, but a damaged cache must not stop the app from opening (SQLite's JSON functions throw
 * on text that is not JSON). CASE evaluates its branches lazily, so json_type never sees such text.
 */
export const CACHED_OPTIONS = `CASE WHEN json_valid(c.body) THEN CASE WHEN json_type(c.body, '$.options') = 'array' THEN c.body END END`

export const migration0014: Migration = {
  version: 14,
  name: 'decision-outcome-class',
  up: `
    ALTER TABLE decision_facts ADD COLUMN outcome_class TEXT NOT NULL DEFAULT 'other'
      CHECK (outcome_class IN ('approve', 'edit', 'reject', 'reroute', 'other'));

    UPDATE decision_facts AS f SET outcome_class = CASE
      WHEN f.outcome IN ('approve', 'approve-with-edits') THEN iif(f.edited_fields = '[]', 'approve', 'edit')
      WHEN f.outcome IN ('reject', 'reroute') THEN f.outcome
      WHEN f.outcome = 'choose-option' THEN coalesce((
        SELECT CASE
          WHEN json_extract(o.value, '$.recommended') = 1 THEN iif(f.edited_fields = '[]', 'approve', 'edit')
          WHEN f.kind = 'classification' THEN 'edit'
          WHEN coalesce(json_extract(o.value, '$.effect.actsOnProposal'), coalesce(json_extract(o.value, '$.via'), '') != 'reject') = 1 THEN 'edit'
          ELSE 'other' END
        FROM decisions d JOIN cases c ON c.pk = d.case_pk, json_each(${CACHED_OPTIONS}, '$.options') o
        WHERE d.id = f.decision_id AND o.type = 'object' AND iif(o.type = 'object', json_extract(o.value, '$.id'), NULL) = json_extract(d.record, '$.optionId')
        LIMIT 1), 'other')
      ELSE 'other' END;

    UPDATE decision_facts SET edited_fields = '["label"]'
    WHERE kind = 'classification' AND outcome = 'choose-option' AND outcome_class = 'edit' AND edited_fields = '[]';
  `
}
