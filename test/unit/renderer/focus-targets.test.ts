import { afterEach, describe, expect, it, vi } from 'vitest'
import { focusTarget, PENDING_FOCUS_MS, registerFocusTarget } from '../../../renderer/src/ui/focus-targets'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
  vi.useRealTimers()
})

describe('focus targets', () => {
  it('focuses a registered place at once', () => {
    const focus = vi.fn()
    cleanups.push(registerFocusTarget('queue', focus))
    focusTarget('queue')
    expect(focus).toHaveBeenCalledTimes(1)
  })

  it('focuses a place asked for while its screen was still loading, once it registers (the keymap editor in the Settings chunk)', () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    focusTarget('keymap')
    vi.advanceTimersByTime(PENDING_FOCUS_MS - 100)
    const focus = vi.fn()
    cleanups.push(registerFocusTarget('keymap', focus))
    expect(focus).toHaveBeenCalledTimes(1)
    // Only once: a later mount of the same place does not take focus again.
    const again = vi.fn()
    cleanups.push(registerFocusTarget('keymap', again))
    expect(again).not.toHaveBeenCalled()
  })

  it('drops a request that waited longer than PENDING_FOCUS_MS: focus does not jump under a reviewer who has moved on', () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    focusTarget('keymap')
    vi.advanceTimersByTime(PENDING_FOCUS_MS + 1)
    const focus = vi.fn()
    cleanups.push(registerFocusTarget('keymap', focus))
    expect(focus).not.toHaveBeenCalled()
  })

  it('keeps only the latest request: asking for a place that exists cancels one still waiting', () => {
    const queue = vi.fn()
    cleanups.push(registerFocusTarget('queue', queue))
    focusTarget('keymap')
    focusTarget('queue')
    const keymap = vi.fn()
    cleanups.push(registerFocusTarget('keymap', keymap))
    expect(queue).toHaveBeenCalledTimes(1)
    expect(keymap).not.toHaveBeenCalled()
  })
})
