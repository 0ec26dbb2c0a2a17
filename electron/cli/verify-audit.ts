import { readFileSync } from 'node:fs'
import { verifyAuditLog } from '../../shared/audit/audit-log'
import { decodeText } from '../../shared/text/decode-text'

// `npm run verify-audit -- <file>`: checks every signature and chain link of an exported audit
// log, with no network. Exit 0 and the count when all is well; exit 1 and the first bad record.
async function main(file: string | undefined): Promise<number> {
  if (!file) {
    console.error('usage: npm run verify-audit -- <audit-log.jsonl>')
    return 2
  }
  let text: string
  try {
    text = decodeText(readFileSync(file))
  } catch (error) {
    console.error(`cannot read ${file}: ${(error as Error).message}`)
    return 2
  }
  const result = await verifyAuditLog(text)
  if (result.ok) {
    console.log(`OK: ${result.count} decision records verified; every signature valid, the chain unbroken. Head hash ${result.headHash ?? '(empty log)'}.`)
    return 0
  }
  console.log(
    `FAILED at line ${result.line}${result.decisionId ? ` (decision ${result.decisionId})` : ''}: ${result.reason}. ` +
      `${result.goodBefore} record${result.goodBefore === 1 ? '' : 's'} before it verified.`
  )
  return 1
}

void main(process.argv[2]).then((code) => process.exit(code))
