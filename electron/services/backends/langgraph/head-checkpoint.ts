import { z } from 'zod'
import { stringifyJson } from '../../../../shared/json/exact-json'
import { proposedActions, readInterruptPayload } from './interrupt-payloads'
import { clip } from './interrupt-case'

/**
 * Which interrupts a thread's head checkpoint waits on, as opposed to the ones its listing shows.
 *
 * LangGraph keys a resume by interrupt id, and derives that id from where the interrupt() call
 * stands: `XXH3(checkpoint_ns)`, the namespace being `<node>:<task id>`, and the task id derived
 * from the checkpoint (`interruptId` in @langchain/langgraph's interrupt.js). The thread's listing
 * (`/threads/search`, `GET /threads/{id}`) keeps the interrupts of the last run. A state write
 * under a pending interrupt (`POST /threads/{id}/state`) makes a new head checkpoint whose task has
 * a new id and no interrupt yet; the listing still shows the old interrupt, with its old
 * arguments. A resume keyed by that id then matches nothing: the re-run node asks again, with the
 * new state's arguments, and the answer is dropped. Only the head (`GET /threads/{id}/state`)
 * says which interrupts an answer can still reach.
 */

/** `GET /threads/{id}/state` (langgraph-api's ThreadState), the parts read here. */
export const headStateSchema = z.object({
  // Required: an answer that does not list the head's tasks does not say it waits on nothing, and
  // reading it so would settle every decision as 'revised' and re-run the graph, for ever.
  tasks: z.array(z.object({ id: z.string(), interrupts: z.array(z.object({ id: z.string(), value: z.unknown() })).nullish(), error: z.unknown().optional() }))
})

/** The ids of the interrupts the head checkpoint's tasks wait on: the only ones a resume can answer. */
export function pendingAtHead(head: z.output<typeof headStateSchema>): Set<string> {
  return new Set(head.tasks.flatMap((task) => (task.interrupts ?? []).map((interrupt) => interrupt.id)))
}

/** A failed task's error is quoted up to here. */
const QUOTED_ERROR_CHARS = 300

/**
 * What stopped the head checkpoint's failed task, for a reviewer's message: its error's `message`
 * (langgraph-api gives a task's `error` as JSON text, `{"message":…,"name":…}`), else the error as
 * JSON, cut at 300 characters; null if no task failed.
 */
export function taskError(head: z.output<typeof headStateSchema>): string | null {
  const error = head.tasks.find((task) => task.error != null)?.error
  if (error == null) return null
  let parsed: unknown = error
  if (typeof error === 'string') {
    try {
      parsed = JSON.parse(error) as unknown
    } catch {
      parsed = error
    }
  }
  const message = z.object({ message: z.string() }).safeParse(parsed)
  return clip(message.success ? message.data.message : typeof parsed === 'string' ? parsed : stringifyJson(parsed), QUOTED_ERROR_CHARS)
}

/**
 * What `POST /threads/{id}/runs/wait` answers: the thread's values when the run ended, with the
 * interrupts it stopped on under `__interrupt__` (langgraph-api), or whatever the graph returned.
 */
export const waitedRunSchema = z.unknown().transform((answer) => {
  const interrupts = z.object({ __interrupt__: z.array(z.object({ value: z.unknown() })) }).safeParse(answer)
  return interrupts.success ? interrupts.data.__interrupt__.map((interrupt) => interrupt.value) : []
})

/** A call's arguments, quoted in a message, are cut here. */
const QUOTED_ARGS_CHARS = 400

/**
 * What a graph asks now, from the values of the interrupts it stopped on (`waitedRunSchema`), for
 * a reviewer's message: each proposed tool call with its arguments (JSON, cut at 400 characters),
 * e.g. `It now asks: send_email {"to":"ann@example.com"}.`
 */
export function describeAsked(values: readonly unknown[]): string {
  if (values.length === 0) return 'It ran on without asking again.'
  const asked = values.flatMap((value) => {
    const actions = proposedActions(readInterruptPayload(value))
    return actions.length === 0 ? ['a question Countersign cannot answer'] : actions.map((action) => `${action.name} ${clip(stringifyJson(action.args ?? null), QUOTED_ARGS_CHARS)}`)
  })
  return `It now asks: ${asked.join('; ')}.`
}
