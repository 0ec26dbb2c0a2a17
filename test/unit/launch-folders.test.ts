import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../fixtures/temp-dir'

// npm start's private folders (the launch file, Chromium's profile, whose History keeps the spent
// launch URL): one left by an npm start killed outright is removed by the next start, and only then.
// Processes are real: this one runs; a child that has exited does not.

interface LaunchFolders {
  makeLaunchFolder(parent: string): string
  removeAbandonedLaunchFolders(parent: string): string[]
}
const load = async () => (await import(pathToFileURL(resolve(__dirname, '../../electron/cli/launch-folders.mjs')).href)) as LaunchFolders

/** The pid of a process that has ended. */
function endedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  return Number(child.stdout)
}

/** A launch folder as a killed npm start left it: its pid file names `owner`; a profile locked by `chromium`, if given. */
function leftBehind(parent: string, name: string, owner: number, chromium?: number): string {
  const dir = join(parent, `countersign-open-${name}`)
  mkdirSync(join(dir, 'profile'), { recursive: true })
  writeFileSync(join(dir, 'npm-start.pid'), String(owner))
  writeFileSync(join(dir, 'profile', 'History'), 'http://cs-0.localhost:1/?token=spent')
  if (chromium !== undefined) symlinkSync(`host-${chromium}`, join(dir, 'profile', 'SingletonLock'))
  return dir
}

const parent = makeTempDir('countersign-launch-folders-')
afterEach(() => {
  parent.remove()
  mkdirSync(parent.path)
})

describe('npm start’s launch folders', () => {
  it('removes a folder whose npm start and Chromium have both ended', async () => {
    const { removeAbandonedLaunchFolders } = await load()
    const dead = endedPid()
    const abandoned = leftBehind(parent.path, 'killed', dead)
    const abandonedWithProfile = leftBehind(parent.path, 'killed-window-closed', dead, endedPid())
    expect(removeAbandonedLaunchFolders(parent.path).sort()).toEqual([abandoned, abandonedWithProfile].sort())
    expect(existsSync(abandoned)).toBe(false)
  })

  it('keeps a folder in use: its npm start runs, or its Chromium window is still open', async () => {
    const { makeLaunchFolder, removeAbandonedLaunchFolders } = await load()
    const mine = makeLaunchFolder(parent.path)
    const windowOpen = leftBehind(parent.path, 'window-open', endedPid(), process.pid)
    const other = join(parent.path, 'someone-else')
    mkdirSync(other)
    expect(removeAbandonedLaunchFolders(parent.path)).toEqual([])
    expect([mine, windowOpen, other].map(existsSync)).toEqual([true, true, true])
  })
})
