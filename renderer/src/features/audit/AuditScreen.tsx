import { useEffect, useRef } from 'react'
import { registerFocusTarget } from '../../ui/focus-targets'
import { useAppStore } from '../../store'
import { deliveryLabel } from './delivery'
import { VisibleText } from '../../ui/VisibleText'
import { OutcomeName } from './OutcomeName'
import { countOf } from '../../../../shared/text/plural'
import { useCommandKeys } from '../../commands/key-hints'
import { clockTimeWithSeconds } from '../../ui/time-format'

/** The workstation's decision log: the chain's state, the signing key, every decision newest first. */
export function AuditScreen() {
  const items = useAppStore((state) => state.auditItems)
  const total = useAppStore((state) => state.auditTotal)
  const chain = useAppStore((state) => state.chainStatus)
  const verifying = useAppStore((state) => state.verifyingChain)
  const checkedAt = useAppStore((state) => state.chainCheckedAt)
  const verifyKeys = useCommandKeys('audit.verify')
  const keys = useAppStore((state) => state.signingKeys)
  const listIndex = useAppStore((state) => state.listIndex)
  const listRef = useRef<HTMLUListElement>(null)
  useEffect(() => registerFocusTarget('screen', () => listRef.current?.focus()), [])
  useEffect(() => {
    listRef.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' })
  }, [listIndex])
  const active = keys.find((key) => key.retiredAt === null)
  return (
    <main className="screen" aria-label="Audit trail">
      <h1>Audit trail</h1>
      <p className={chain?.ok === false ? 'chain-status chain-broken' : 'chain-status'} data-testid="chain-status" role="status">
        {verifying || !chain
          ? 'Checking every signature and chain link…'
          : chain.ok
            ? `✓ ${chain.count} decision record${chain.count === 1 ? '' : 's'} verified: every signature valid, the chain unbroken. Head ${chain.headHash?.slice(0, 16) ?? '—'}…`
            : `✗ The record at position ${chain.problem!.line} ${chain.problem!.reason}. ${countOf(chain.count, 'record')} before it verified.`}
        {!verifying && checkedAt && <span className="muted"> Checked at {clockTimeWithSeconds(checkedAt)} ({verifyKeys} checks again).</span>}
      </p>
      <p className="muted">
        Signing key {active ? <code>{active.fingerprint}</code> : '—'}
        {keys.length > 1 && ` · ${keys.length - 1} earlier key${keys.length > 2 ? 's' : ''} kept for verification`}
      </p>
      <ul ref={listRef} className="screen-list" tabIndex={-1} aria-label={`Decisions, ${total}`}>
        {items.map((item, index) => (
          <li key={item.decisionId} className={index === listIndex ? 'selected' : undefined} aria-current={index === listIndex}>
            <div className="list-title">
              <span className="kind-chip small">
                <OutcomeName outcome={item.outcome} optionId={item.optionId} optionLabel={item.optionLabel} />
              </span>{' '}
              <VisibleText text={item.caseTitle} />
            </div>
            <div className="list-meta muted">
              #{item.seq} · {new Date(item.decidedAt).toLocaleString()} · {item.caseId}
              {item.delivery && ` · ${deliveryLabel(item.delivery)}`}
            </div>
          </li>
        ))}
      </ul>
      {items.length === 0 && <p className="muted">No decisions yet.</p>}
      {items.length < total && <p className="muted">Showing {items.length} of {total}; move down to load more.</p>}
    </main>
  )
}
