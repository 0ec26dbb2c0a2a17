import type { Case } from './case'

/**
 * The proposal as the text shown on the output side of the diff, and which proposal field that
 * text edits (null when the text is a read-only rendering of a structured proposal).
 */
export interface ProposalText {
  text: string
  editableField: 'text' | 'proposedRule' | null
}

/**
 * Which proposal field the diff's text edits (`proposalText(…).editableField`), without building
 * the text: asked at every store update by the key hints, where the text is not needed.
 */
export function editableField(reviewCase: Case): ProposalText['editableField'] {
  switch (reviewCase.kind) {
    case 'text-approval':
      return reviewCase.proposal.editable === false ? null : 'text'
    case 'exception':
      return 'proposedRule'
    default:
      return null
  }
}

export function proposalText(reviewCase: Case): ProposalText {
  switch (reviewCase.kind) {
    case 'text-approval':
      return { text: reviewCase.proposal.text, editableField: editableField(reviewCase) }
    case 'exception':
      return { text: reviewCase.proposal.proposedRule, editableField: editableField(reviewCase) }
    case 'classification': {
      const { label, score, alternatives } = reviewCase.proposal
      const lines = [`Suggested: ${label} (${formatScore(score)})`, '', 'Alternatives:']
      for (const alternative of alternatives) lines.push(`  ${alternative.label} (${formatScore(alternative.score)})`)
      return { text: lines.join('\n'), editableField: null }
    }
    case 'field-verification': {
      const width = Math.max(...reviewCase.proposal.fields.map((field) => field.label.length))
      const lines = reviewCase.proposal.fields.map((field) => `${field.label.padEnd(width)}  ${field.value}`)
      return { text: lines.join('\n'), editableField: null }
    }
    case 'record-merge': {
      const { records, survivors } = reviewCase.proposal
      const byId = new Map(records.map((record) => [record.id, record]))
      const fieldNames = [...new Set(records.flatMap((record) => Object.keys(record.fields)))]
      const lines = [`Merged record (survivors from ${records.map((record) => record.label).join(', ')})`, '']
      for (const name of fieldNames) {
        const survivor = byId.get(survivors[name] ?? '') ?? records[0]
        lines.push(`${name}: ${survivor?.fields[name] ?? ''}`)
      }
      return { text: lines.join('\n'), editableField: null }
    }
  }
}

function formatScore(score: number): string {
  return `${Math.round(score * 100)}%`
}
