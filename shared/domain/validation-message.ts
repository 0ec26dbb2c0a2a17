import type { z } from 'zod'

/** One readable line per schema problem, naming the field by its path, e.g. `risk.audience: …`. */
export function describeIssues(error: z.ZodError, limit = 5): string {
  const lines = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join('.') : '(root)'
    return `${path}: ${issue.message}`
  })
  if (error.issues.length > limit) lines.push(`…and ${error.issues.length - limit} more`)
  return lines.join('; ')
}
