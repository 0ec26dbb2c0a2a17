import { z } from 'zod'

/**
 * A thread's state as the reviewer reads it beside a proposal. An agent's state (LangChain's
 * `createAgent`, or any graph with a `messages` list) is its conversation, shown as a transcript,
 * one line per message and per tool call; any other state is its JSON. Both are cut at
 * MAX_SOURCE_CHARS: enough context, never a multi-megabyte pane.
 */
export const MAX_SOURCE_CHARS = 200_000

/** The messages of the transcript: the last ones, where the question is. */
const MAX_MESSAGES = 50

/** A message as the LangGraph server serializes it (`BaseMessage.toDict()`-like: `type`, `content`, …). */
const messageSchema = z.object({
  type: z.string(),
  content: z.unknown(),
  name: z.string().nullish(),
  status: z.string().nullish(),
  tool_calls: z.array(z.object({ name: z.string(), args: z.unknown() })).nullish()
})
const conversationSchema = z.object({ messages: z.array(messageSchema).min(1) })

const SPEAKERS: Record<string, string> = { human: 'User', ai: 'Agent', system: 'System', tool: 'Tool' }

export function threadSource(values: unknown): { text: string; language: 'plaintext' | 'json' } {
  const conversation = conversationSchema.safeParse(values)
  if (!conversation.success) return { text: clipped(JSON.stringify(values ?? {}, null, 2) ?? '{}'), language: 'json' }
  const { messages } = conversation.data
  const shown = messages.slice(-MAX_MESSAGES)
  const lines = messages.length > shown.length ? [`(${messages.length - shown.length} earlier messages not shown)`] : []
  for (const message of shown) {
    const speaker = SPEAKERS[message.type] ?? message.type
    const who = message.type === 'tool' ? `${speaker} ${message.name ?? ''}${message.status === 'error' ? ' (error)' : ''}` : speaker
    const text = contentText(message.content)
    if (text) lines.push(`${who}: ${text}`)
    for (const call of message.tool_calls ?? []) lines.push(`${who} calls ${call.name} ${JSON.stringify(call.args)}`)
  }
  return { text: clipped(lines.join('\n')), language: 'plaintext' }
}

/** A message's content as text: a string as is, content blocks by their text (others as JSON). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return JSON.stringify(content) ?? ''
  return content.map((block: unknown) => (typeof block === 'string' ? block : typeof (block as { text?: unknown })?.text === 'string' ? (block as { text: string }).text : JSON.stringify(block))).join('\n')
}

function clipped(text: string): string {
  return text.length <= MAX_SOURCE_CHARS ? text : `${text.slice(0, MAX_SOURCE_CHARS)}\n… (${text.length - MAX_SOURCE_CHARS} more characters not shown)`
}
