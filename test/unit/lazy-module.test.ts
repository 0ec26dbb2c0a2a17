import { describe, expect, it } from 'vitest'
import { lazyModule } from '../../shared/lazy-module'

describe('lazyModule', () => {
  it('imports once, and holds the module once it has loaded', async () => {
    let imports = 0
    const lazy = lazyModule(async () => ({ value: ++imports }))
    expect(lazy.loaded()).toBeNull()
    const [first, second] = await Promise.all([lazy.load(), lazy.load()])
    expect(first).toBe(second)
    expect(lazy.loaded()).toBe(first)
    await lazy.load()
    expect(imports).toBe(1)
  })

  it('tries a failed import again on the next call', async () => {
    let imports = 0
    const lazy = lazyModule(async () => {
      if (++imports === 1) throw new Error('chunk not found')
      return { value: imports }
    })
    await expect(lazy.load()).rejects.toThrow('chunk not found')
    expect(lazy.loaded()).toBeNull()
    await expect(lazy.load()).resolves.toEqual({ value: 2 })
  })
})
