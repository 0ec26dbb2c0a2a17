import Markdown, { type Components } from 'react-markdown'
import { rehypeHiddenCharacters } from './rehype-hidden-characters'

/**
 * Markdown written by an automation, rendered as data: react-markdown builds React elements from
 * the syntax tree, never HTML strings, and raw HTML in the text is dropped (`skipHtml`). Links and
 * images do nothing inside the app: a link shows its text with the address beside it (dangerous
 * schemes already emptied by react-markdown's default URL filter), an image only its description.
 * Nothing here can navigate, load or run anything.
 */
const INERT: Components = {
  a: ({ children, href }) => (
    <span className="md-link" title={href}>
      {children}
      {href && <span className="muted"> ({href})</span>}
    </span>
  ),
  img: ({ alt }) => <span className="muted">[image{alt ? `: ${alt}` : ''}]</span>
}

const REHYPE_PLUGINS = [rehypeHiddenCharacters]

/** Hidden characters in the markdown show as named chips, as everywhere else case text appears. */
export function SafeMarkdown({ text, label }: { text: string; label: string }) {
  return (
    <div className="briefing" aria-label={label}>
      <Markdown skipHtml components={INERT} rehypePlugins={REHYPE_PLUGINS}>
        {text}
      </Markdown>
    </div>
  )
}
