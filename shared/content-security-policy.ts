/**
 * The renderer's Content Security Policy, sent as a header by Electron and by the browser harness
 * and repeated in renderer/index.html. Nothing may load from the network; Monaco needs inline
 * styles and blob: workers.
 */
export const CONTENT_SECURITY_POLICY = [
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
].join('; ')
