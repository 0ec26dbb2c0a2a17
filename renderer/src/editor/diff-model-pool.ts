import type { CaseDetail } from '../../../shared/ipc/views'
import { proposalText } from '../../../shared/domain/proposal-text'
import { withLineEndingsOf } from '../../../shared/domain/text-changes'
import { monaco } from './monaco'

const BYTE_ORDER_MARK = '\uFEFF'

/**
 * A model holding exactly `text`. Monaco takes a leading U+FEFF for a file's byte-order mark: it
 * keeps it apart from the lines, so the character is not drawn (nor marked as hidden), every
 * column of the first line is one code unit off the text's offsets (evidence spans), and
 * getValue() leaves it out. In case text it is the first character: it is put back into the lines.
 */
function exactModel(text: string): monaco.editor.ITextModel {
  const model = monaco.editor.createModel(text, 'plaintext')
  keepByteOrderMark(model, text)
  return model
}

/** Replaces the model's text with exactly `text` (see `exactModel`). */
function setExactValue(model: monaco.editor.ITextModel, text: string): void {
  model.setValue(text)
  keepByteOrderMark(model, text)
}

function keepByteOrderMark(model: monaco.editor.ITextModel, text: string): void {
  if (text.startsWith(BYTE_ORDER_MARK)) model.applyEdits([{ range: new monaco.Range(1, 1, 1, 1), text: BYTE_ORDER_MARK }])
}

/**
 * The Monaco models of the cases near the selection, keyed by case and revision. The proposal
 * model is the reviewer's working copy: its edits are reported as drafts, and it lives as long as
 * the case stays near the selection, so moving away and back keeps cursor and undo history.
 */
export class DiffModelPool {
  /**
   * Each case's models; the draft its proposal model last reported (null: the proposal as sent);
   * and whether it is being set to the store's draft, which is not an edit to report.
   */
  private readonly entries = new Map<string, { models: monaco.editor.IDiffEditorModel; reported: string | null; following: boolean }>()

  constructor(private readonly onDraftChange: (casePk: number, path: string, value: string | null) => void) {}

  static keyOf(detail: CaseDetail): string {
    return `${detail.casePk}:${detail.reviewCase.revision}`
  }

  /**
   * The models for a case, made now if needed; `draft` seeds a new proposal model. A model kept
   * from before shows `draft` too: a decision clears the draft (its edits recorded, or dropped by
   * a reject), and a case that comes back (undo) must show what its next decision records.
   */
  acquire(detail: CaseDetail, draft: string | undefined): monaco.editor.IDiffEditorModel {
    const key = DiffModelPool.keyOf(detail)
    const existing = this.entries.get(key)
    if (existing) {
      if (existing.reported !== (draft ?? null)) {
        // Set in steps (the text, then a byte-order mark): none of them is the reviewer's edit.
        existing.following = true
        try {
          setExactValue(existing.models.modified, draft ?? proposalText(detail.reviewCase).text)
        } finally {
          existing.following = false
        }
        existing.reported = draft ?? null
      }
      return existing.models
    }
    const proposal = proposalText(detail.reviewCase)
    const original = exactModel(detail.reviewCase.source.text)
    const modified = exactModel(draft ?? proposal.text)
    const entry = { models: { original, modified }, reported: draft ?? null, following: false }
    const field = proposal.editableField
    if (field) {
      modified.onDidChangeContent(() => {
        if (entry.following) return
        // Monaco keeps one line ending per model; the proposal's own endings are put back wherever
        // the reviewer did not change a line, so the editor's rewriting never counts as an edit.
        const text = withLineEndingsOf(proposal.text, modified.getValue())
        entry.reported = text === proposal.text ? null : text
        this.onDraftChange(detail.casePk, field, entry.reported)
      })
    }
    this.entries.set(key, entry)
    return entry.models
  }

  /** Disposes the models of every case but the listed ones. */
  retainOnly(keys: readonly string[]): void {
    for (const [key, { models }] of this.entries) {
      if (keys.includes(key)) continue
      this.entries.delete(key)
      models.original.dispose()
      models.modified.dispose()
    }
  }
}
