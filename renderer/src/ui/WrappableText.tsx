import { Fragment, type ReactNode } from 'react'
import { VisibleText } from './VisibleText'

/** After these, a long token (an email, a URL, an id) may wrap: the line breaker finds no break in `name@example.com`. */
const AFTER = /(?<=[@./_-])(?=[^\s@./_-])/

/**
 * `VisibleText` that a narrow column wraps where a reader expects: after the `@` and the dots of
 * an email, the slashes of a URL (`<wbr>`, which adds nothing to the text copied), instead of
 * mid-word where `overflow-wrap` would have to cut it.
 */
export function WrappableText({ text }: { text: string }): ReactNode {
  const pieces = text.split(AFTER)
  if (pieces.length === 1) return <VisibleText text={text} />
  return pieces.map((piece, index) => (
    <Fragment key={index}>
      {index > 0 && <wbr />}
      <VisibleText text={piece} />
    </Fragment>
  ))
}
