/**
 * The renderer's Content Security Policy, sent as a header by Electron and by the browser harness
 * and written into renderer/index.html at build time. Nothing may load from the network; Monaco
 * needs inline styles and blob: workers.
 */
const DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'"
]

export const CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ')

/** The same policy for a <meta> tag, which cannot carry frame-ancestors. */
export const CONTENT_SECURITY_POLICY_META = DIRECTIVES.filter((directive) => !directive.startsWith('frame-ancestors')).join('; ')
