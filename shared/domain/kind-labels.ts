import type { Case } from './case'

/** Each case kind as the reviewer reads it: the queue's chips, the case header, the queue's narrowing, Insights. */
const KIND_LABELS: Record<Case['kind'], string> = {
  'text-approval': 'Text approval',
  classification: 'Classification',
  'field-verification': 'Field verification',
  'record-merge': 'Record merge',
  exception: 'Exception'
}

export function kindLabel(kind: Case['kind']): string {
  return KIND_LABELS[kind]
}

/** Whether `value` is a kind `kindLabel` names (an insight's key is any string a record held). */
export function isCaseKind(value: string): value is Case['kind'] {
  return Object.hasOwn(KIND_LABELS, value)
}
