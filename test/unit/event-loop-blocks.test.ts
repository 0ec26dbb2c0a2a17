import { expect, it } from 'vitest'
import { EventLoopBlocks } from '../bench/event-loop-blocks'

const busy = (ms: number) => {
  const until = performance.now() + ms
  while (performance.now() < until);
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

it('counts a stretch of the event loop held by one task as one block of its length, and stops sampling once told nothing runs', async () => {
  let active = true
  const sampler = new EventLoopBlocks(() => active)
  sampler.start()
  await pause(20)
  busy(40)
  await pause(20)
  expect(sampler.blocks.some((ms) => ms >= 40)).toBe(true)
  active = false
  // The sampler checks every hundred ticks (about 100 ms) whether to go on.
  await pause(1_000)
  const seen = sampler.blocks.length
  busy(60)
  await pause(20)
  expect(sampler.blocks.length).toBe(seen)
  sampler.stop()
})
