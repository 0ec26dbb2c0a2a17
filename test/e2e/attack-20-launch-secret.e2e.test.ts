import { describe, expect, it } from 'vitest'
import { spawnWebHost } from './web-host-process'
import { openWebHostSession } from './web-host-session'

// Attack 20: the web host's launch URL now serves the app itself, and its bridge script takes the
// secret out of the address (history.replaceState). The secret is traded for an HttpOnly cookie
// so that the page's scripts cannot read it; but the document was loaded from the launch URL, and
// the Navigation Timing entry keeps that URL: any script on the app's page (or one injected into
// it) reads the secret from `performance.getEntriesByType('navigation')[0].name`. The page that
// moved on by itself (before this round) had its own navigation, without the secret.

const web = openWebHostSession('countersign-a20-launch-', { start: (dataDir) => spawnWebHost(dataDir) })

describe('the launch secret, once traded for the cookie', () => {
  it('is readable by no script on the app’s page (address, history, Navigation Timing, resource entries)', async () => {
    await web.page.waitForSelector('[data-painted-case]')
    const seen = await web.page.evaluate(() => ({
      address: location.href,
      navigation: performance.getEntriesByType('navigation').map((entry) => entry.name),
      resources: performance.getEntriesByType('resource').map((entry) => entry.name),
      referrer: document.referrer
    }))
    const leaks = Object.entries(seen).filter(([, value]) => JSON.stringify(value).includes(web.host.secret)).map(([where]) => where)
    expect(leaks).toEqual([])
  })
})
