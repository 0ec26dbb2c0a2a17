import type { z } from 'zod'
import { isExactNumber } from '../json/exact-json'

/**
 * One readable line per schema problem, naming the field by its path, e.g. `risk.audience: …`.
 * Parse with `{ reportInput: true }` so a number with more digits than a double holds (kept as
 * digits by `parseJson`) is named as that, rather than as the wrong type.
 */
export function describeIssues(error: z.ZodError, limit = 5): string {
  const lines = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join('.') : '(root)'
    return `${path}: ${messageOf(issue)}`
  })
  if (error.issues.length > limit) lines.push(`…and ${error.issues.length - limit} more`)
  return lines.join('; ')
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.expected === 'number' && isExactNumber(issue.input)) {
    // 1e400 and 1e-400 have one digit: what they exceed is the range, not the precision.
    const value = Number(String(issue.input))
    if (!Number.isFinite(value)) {
      return `the number ${String(issue.input)} is larger than a number here can hold (about 1.8e308); it was not turned into Infinity, so the whole record is refused`
    }
    if (value === 0) {
      return `the number ${String(issue.input)} is closer to zero than a number here can hold (about 5e-324); it was not turned into 0, so the whole record is refused`
    }
    return `the number ${String(issue.input)} has more digits than a number here can hold exactly (a double keeps about 15–17 significant digits); it was not rounded, so the whole record is refused`
  }
  return issue.message
}
