import { Fragment, type ReactNode } from 'react'
import { hiddenCharacters } from '../../../shared/text/hidden-characters'

/**
 * Case text with its hidden characters made visible (see shared/text/hidden-characters.ts): each
 * stays in the DOM, exactly as sent (copying the text copies it), inside a bidi-isolated chip that
 * names it, so a right-to-left override cannot reorder the text around it. Text nodes only.
 */
export function VisibleText({ text }: { text: string }): ReactNode {
  const hidden = hiddenCharacters(text)
  if (hidden.length === 0) return text
  const parts: ReactNode[] = []
  let position = 0
  for (const item of hidden) {
    if (item.index > position) parts.push(text.slice(position, item.index))
    parts.push(
      <span key={item.index} className="hidden-char" data-label={item.label} title={item.description}>
        {text.slice(item.index, item.index + item.length)}
      </span>
    )
    position = item.index + item.length
  }
  if (position < text.length) parts.push(text.slice(position))
  return <Fragment>{parts}</Fragment>
}
