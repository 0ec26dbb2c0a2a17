import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../fixtures/temp-dir'

// Attack 23 on `npm start`'s sweep of abandoned launch folders (electron/cli/launch-folders.mjs).
// It runs over the shared temp folder (/tmp), where any local user can make a folder named
// `countersign-open-…`. The sweep reads each one's `npm-start.pid` with readFileSync, following
// whatever is there: a FIFO blocks the read until someone writes to it, which nobody does. So one
// `mkfifo /tmp/countersign-open-x/npm-start.pid`, by any user, hangs every later `npm start` of
// every user at the sweep: the window never opens, and the launcher's event loop is stuck for good
// (its SIGINT/SIGTERM/SIGHUP handlers, which stop the host, never run).

const launchFolders = pathToFileURL(resolve(__dirname, '../../electron/cli/launch-folders.mjs')).href
const parent = makeTempDir('countersign-a23-launch-')
afterEach(() => {
  parent.remove()
  mkdirSync(parent.path)
})

describe('attack 23: npm start’s sweep of launch folders', () => {
  it('a FIFO named npm-start.pid in a folder someone else made does not hang the sweep', () => {
    const planted = join(parent.path, 'countersign-open-planted')
    mkdirSync(planted)
    execFileSync('mkfifo', [join(planted, 'npm-start.pid')])
    const sweep = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `import { removeAbandonedLaunchFolders } from '${launchFolders}'; removeAbandonedLaunchFolders(${JSON.stringify(parent.path)}); console.log('swept')`],
      { encoding: 'utf8', timeout: 5_000 }
    )
    expect({ finished: sweep.signal === null, stdout: sweep.stdout.trim() }, 'the sweep was still blocked after 5 s').toEqual({ finished: true, stdout: 'swept' })
  })

  // The sweep's own promise ("Folders of other users … are left alone"): as root (CI, containers),
  // every folder was readable, so another user's folder whose npm start had ended was removed.
  it.skipIf(process.getuid?.() !== 0)('another user’s launch folder is left alone, even by root', () => {
    const theirs = join(parent.path, 'countersign-open-theirs')
    mkdirSync(theirs, { mode: 0o700 })
    writeFileSync(join(theirs, 'npm-start.pid'), '999999999')
    chownSync(join(theirs, 'npm-start.pid'), 65534, 65534)
    chownSync(theirs, 65534, 65534)
    const sweep = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `import { removeAbandonedLaunchFolders } from '${launchFolders}'; removeAbandonedLaunchFolders(${JSON.stringify(parent.path)})`],
      { encoding: 'utf8', timeout: 5_000 }
    )
    expect(sweep.status).toBe(0)
    expect(existsSync(theirs)).toBe(true)
  })
})
