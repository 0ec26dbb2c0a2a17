import type { ElementContent, Root, RootContent } from 'hast'
import { hiddenCharacters } from '../../../../shared/text/hidden-characters'

/**
 * A rehype plugin for rendered markdown: every hidden character in the text becomes the same
 * named, bidi-isolated chip VisibleText shows (`span.hidden-char`), the character kept inside it.
 */
export function rehypeHiddenCharacters() {
  return (tree: Root) => {
    reveal(tree)
  }
}

function reveal(node: Root | Extract<RootContent, { children: unknown }>): void {
  node.children = node.children.flatMap((child): RootContent[] => {
    if (child.type === 'text') return split(child.value)
    if ('children' in child) reveal(child)
    return [child]
  }) as typeof node.children
}

function split(text: string): ElementContent[] {
  const hidden = hiddenCharacters(text)
  if (hidden.length === 0) return [{ type: 'text', value: text }]
  const parts: ElementContent[] = []
  let position = 0
  for (const item of hidden) {
    if (item.index > position) parts.push({ type: 'text', value: text.slice(position, item.index) })
    parts.push({
      type: 'element',
      tagName: 'span',
      properties: { className: ['hidden-char'], dataLabel: item.label, title: item.description },
      children: [{ type: 'text', value: text.slice(item.index, item.index + item.length) }]
    })
    position = item.index + item.length
  }
  if (position < text.length) parts.push({ type: 'text', value: text.slice(position) })
  return parts
}
