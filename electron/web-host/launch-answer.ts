import type { IncomingMessage } from 'node:http'

/** How the host answers the launch URL once its secret is traded: status, headers, body (HTML or none). */
export interface LaunchAnswer {
  status: 200 | 303
  headers: Record<string, string>
  body: string
}

/**
 * The answer to the launch URL (`/?token=…`): it moves the browser on to `/` and never serves a
 * document itself, since a document loaded from that URL keeps it where the page's scripts read it
 * (its Navigation Timing entry, `performance.getEntriesByType('navigation')[0].name`, whatever
 * `history.replaceState` does to the address). `setCookie` is the session cookie to set
 * (AccessGuard.trade), or null when the browser has it already.
 *
 * - `303 See Other` to `/` when the browser began the navigation itself (a command-line, typed or
 *   restored URL) or a page of this host did: Fetch Metadata's `Sec-Fetch-Site` is `none` or
 *   `same-origin` (W3C Fetch Metadata Request Headers §2.1). One loopback round trip, and the
 *   redirected request carries the SameSite=Strict cookie just set.
 * - Otherwise (opened from a file, as `npm start` opens Chromium, from another site, or by a
 *   browser that sends no Fetch Metadata) a page with no script that moves on by meta refresh
 *   (HTML's declarative refresh, which replaces its history entry). Chromium counts a redirect
 *   chain begun on another site as cross-site to its end, so after a 303 it would leave the
 *   Strict cookie off `/` and off its reloads; the page's own navigation is same-origin.
 */
export function launchAnswer(request: IncomingMessage, setCookie: string | null): LaunchAnswer {
  const cookie: Record<string, string> = setCookie ? { 'set-cookie': setCookie } : {}
  const site = request.headers['sec-fetch-site']
  if (site === 'none' || site === 'same-origin') return { status: 303, headers: { ...cookie, location: '/' }, body: '' }
  return { status: 200, headers: { ...cookie, 'content-type': 'text/html; charset=utf-8' }, body: ENTERING_PAGE }
}

/** Whether a request is a browser's speculative load (Fetch's `Sec-Purpose: prefetch`, or the older `Purpose`), which must not use up the one-time launch secret. */
export function isPrefetch(request: IncomingMessage): boolean {
  return /\bprefetch\b/.test(`${request.headers['sec-purpose'] ?? ''} ${request.headers['purpose'] ?? ''}`)
}

const ENTERING_PAGE =
  '<!doctype html><meta charset="utf-8"><meta name="color-scheme" content="light dark"><meta http-equiv="refresh" content="0; url=/">' +
  '<link rel="icon" href="data:,"><title>Countersign</title><p>Opening Countersign…</p>'
