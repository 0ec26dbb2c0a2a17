/**
 * What in a note or question looks like a secret, said in a few words ("a web address with a
 * password in it"), or null. A note goes, signed, to the case's backend or author and stays in the
 * audit trail for good, so text pasted or typed there by mistake — a backend URL with its token, a
 * password — is worth a second look before it is sent. This is a warning, not a filter: it looks
 * for the shapes secrets commonly take and can miss others.
 *
 * Shapes, in order: a URL (WHATWG URL parsing) with a password, or with a query parameter named
 * like a credential; `password: …` / `token=…` and the like; `Bearer …`; a PEM private key
 * (RFC 7468 labels); a JSON Web Token (RFC 7519: three base64url parts, the first `eyJ`); the
 * prefixes of common access tokens (GitHub `ghp_`/`github_pat_`, GitLab `glpat-`, Slack `xox?-`,
 * AWS `AKIA`, `sk-` API keys); and any run of 24 or more letters and digits mixing upper case,
 * lower case and digits, as generated keys do.
 */
export function secretLike(text: string): string | null {
  for (const candidate of text.match(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi) ?? []) {
    const url = parseUrl(candidate)
    if (url?.password) return 'a web address with a password in it'
    if (url && [...url.searchParams.keys()].some((name) => CREDENTIAL_NAME.test(name))) return 'a web address carrying a key or token'
  }
  if (/\b(password|passwd|pwd|secret|token|api[-_ ]?key)\s*[:=]\s*\S{4,}/i.test(text)) return 'a password or token'
  if (/\bBearer\s+[\w.~+/-]{16,}/.test(text)) return 'a bearer token'
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return 'a private key'
  if (/\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/.test(text)) return 'a signed token (JWT)'
  if (/\b(gh[pousr]_\w{20,}|github_pat_\w{20,}|glpat-[\w-]{20,}|xox[abprs]-[\w-]{10,}|AKIA[0-9A-Z]{16}|sk-[\w-]{20,})/.test(text)) return 'an access token'
  if ((text.match(/[A-Za-z0-9_\-+/=]{24,}/g) ?? []).some((run) => /[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run))) {
    return 'a long random-looking string, like a key or token'
  }
  return null
}

/** Query parameter names that carry credentials (`?token=`, `access_token`, `api_key`, `sig`…). */
const CREDENTIAL_NAME = /token|secret|passw|pwd|api[-_]?key|access[-_]?key|^key$|^sig$|signature|^auth/i

function parseUrl(text: string): URL | null {
  try {
    return new URL(text)
  } catch {
    return null
  }
}
