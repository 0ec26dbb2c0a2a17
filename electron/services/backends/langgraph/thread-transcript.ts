import { z } from 'zod'

/**
 * A thread's state as the reviewer reads it. An agent's state (LangChain's `createAgent`, or any
 * graph with a `messages` list) is its conversation, a transcript with one line per message and
 * per tool call; any other state is its JSON. Both are cut at MAX_SOURCE_CHARS.
 */
export const MAX_SOURCE_CHARS = 200_000

/** The messages of the transcript: the last ones, where the question is. */
const MAX_MESSAGES = 50

/** A message as the LangGraph server serializes it (`type`, `content`, `name`, `status`, `tool_calls`). */
const messageSchema = z.object({
  type: z.string(),
  content: z.unknown(),
  name: z.string().nullish(),
  status: z.string().nullish(),
  tool_calls: z.array(z.object({ name: z.string(), args: z.unknown() })).nullish()
})
const conversationSchema = z.object({ messages: z.array(messageSchema).min(1) })

const SPEAKERS: Record<string, string> = { human: 'User', ai: 'Agent', system: 'System', tool: 'Tool' }

export type ThreadSource = { kind: 'conversation'; transcript: string } | { kind: 'state'; json: string }

export function threadSource(values: unknown): ThreadSource {
  const conversation = conversationSchema.safeParse(values)
  if (!conversation.success) return { kind: 'state', json: clipped(JSON.stringify(values ?? {}, null, 2) ?? '{}', MAX_SOURCE_CHARS) }
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
  return { kind: 'conversation', transcript: clipped(lines.join('\n'), MAX_SOURCE_CHARS) }
}

/**
 * Text shown verbatim inside markdown: a fenced code block whose fence is longer than any run of
 * backticks in the text (CommonMark, "fenced code blocks"), so nothing in it becomes markup.
 */
export function fencedBlock(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return `${fence}text\n${text}\n${fence}`
}

/** A message's content as text: a string as is, content blocks by their text (others as JSON). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return JSON.stringify(content) ?? ''
  return content.map((block: unknown) => (typeof block === 'string' ? block : typeof (block as { text?: unknown })?.text === 'string' ? (block as { text: string }).text : JSON.stringify(block))).join('\n')
}

/** The text cut to `max` characters, keeping its end (where a conversation's latest turn is) when `fromEnd`. */
export function clipped(text: string, max: number, fromEnd = false): string {
  if (text.length <= max) return text
  const cut = text.length - max
  return fromEnd ? `(${cut} earlier characters not shown)\n${text.slice(cut)}` : `${text.slice(0, max)}\n… (${cut} more characters not shown)`
}
