/**
 * The kinds of case (case.ts builds its schemas on them). A module of its own, without zod, so that
 * the renderer can list them without building every case schema as it starts.
 */
export const DECISION_KINDS = ['text-approval', 'classification', 'field-verification', 'record-merge', 'exception'] as const
