/** Where a decision stands with its backend, in the reviewer's words (outbox states). */
const DELIVERY_WORDS: Record<string, string> = {
  pending: 'waiting to be sent',
  delivered: 'delivered',
  conflict: 'not applied (the case changed)',
  rejected: 'rejected by the backend',
  discarded: 'not applied, discarded',
  redone: 'not applied, decided again',
  local: 'kept here (export from Settings)',
  exported: 'exported to a decisions bundle'
}

export function deliveryLabel(state: string | null): string | null {
  return state === null ? null : (DELIVERY_WORDS[state] ?? state)
}
