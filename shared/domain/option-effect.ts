import type { Case, CaseOption, OptionEffect, RiskClass } from './case'
import type { DecisionRequest } from './decision'
import { editsSentence } from './proposal-fields'

/** Reject, reroute, defer, needs-info: the proposal neither goes through nor is lost, so nothing is asked twice. */
const NO_EFFECT: OptionEffect = { actsOnProposal: false, needsConfirmation: false, irreversible: false }

/** A decision as far as its effect goes: its outcome, and the option chosen. */
type DecisionChoice = Pick<DecisionRequest, 'outcome' | 'optionId'>

/**
 * Approving a proposal of this risk class (`a`): it goes through, is irreversible when the risk
 * class says so, and needs confirmation then, when it reaches a customer or the public, or when
 * nobody declared its risk (`declared: false`: it may be either).
 */
export function approvalEffect(risk: RiskClass): OptionEffect {
  const { reversible, audience, declared } = risk
  return { actsOnProposal: true, irreversible: !reversible, needsConfirmation: !reversible || audience !== 'internal' || declared === false }
}

/**
 * What choosing `option` does: the facts the case states (`option.effect`), or, for a case that
 * states none (case bundle v1, Review API 1.0 and 1.1), the documented default
 * (resources/bundle-format/README.md, "Options and what they do"): an option taken with the reject
 * key (`via: "reject"`) does not act on the proposal; any other option acts as approving does
 * (`approvalEffect`). The default errs towards asking: at worst a holding option is confirmed.
 * An option that acts on the proposal carries out the action the case's risk class describes, so
 * that risk class wins over the option's own flags (PRODUCT.md: irreversible or public actions
 * need a deliberate confirmation): its flags may add a confirmation, never remove one.
 */
export function optionEffect(reviewCase: Case, option: CaseOption): OptionEffect {
  const approving = approvalEffect(reviewCase.risk)
  if (!option.effect) return option.via === 'reject' ? NO_EFFECT : approving
  if (!option.effect.actsOnProposal) return option.effect
  return {
    actsOnProposal: true,
    irreversible: option.effect.irreversible || approving.irreversible,
    needsConfirmation: option.effect.needsConfirmation || approving.needsConfirmation
  }
}

/**
 * Whether the number keys choose this case's options: on a classification, an exception and a
 * reply they do; on a merge they pick a record's value, and an invoice's options have no keys.
 * Elsewhere an option is reached only as `a` gives it (`approveKeyGives`).
 */
export function numbersChooseOptions(reviewCase: Case): boolean {
  return reviewCase.kind === 'classification' || reviewCase.kind === 'exception' || reviewCase.kind === 'text-approval'
}

/**
 * What approving the proposal (`a`, or an option that means it) does on this case: `approvalEffect`
 * of its risk class, with the flags of the options `a` gives (`approveKeyGives`) added: an option
 * that states it is final or asks for a confirmation makes approving so; none removes one. On an
 * exception `a` chooses an option, so approving the proposal is only for one without options.
 */
export function approvingEffect(reviewCase: Case): OptionEffect {
  const meaning = reviewCase.kind === 'exception' ? [] : reviewCase.options.filter((option) => approveKeyGives(reviewCase, option))
  return meaning.reduce<OptionEffect>((effect, option) => {
    const own = optionEffect(reviewCase, option)
    return { actsOnProposal: true, irreversible: effect.irreversible || own.irreversible, needsConfirmation: effect.needsConfirmation || own.needsConfirmation }
  }, approvalEffect(reviewCase.risk))
}

/**
 * The option the approve key records on this case: an exception's recommended (else first)
 * option. On the other kinds `a` approves the proposal itself (an option marked `via: 'approve'`
 * is that same approval), so none; so does an exception without options.
 */
export function approveKeyOption(reviewCase: Case): CaseOption | undefined {
  return reviewCase.kind === 'exception' ? (reviewCase.options.find((option) => option.recommended) ?? reviewCase.options[0]) : undefined
}

/** What the approve key records on this case: its option (`approveKeyOption`), else approving the proposal. */
export function approveKeyChoice(reviewCase: Case): DecisionChoice {
  const option = approveKeyOption(reviewCase)
  return option ? { outcome: 'choose-option', optionId: option.id } : { outcome: 'approve' }
}

/**
 * Whether the approve key gives what `option` does: on an exception, it is the option `a` chooses
 * (`approveKeyOption`); on a classification `a` approves the proposed category, the recommended
 * one; on the other kinds `a` approves the proposal, which an option marked `via: 'approve'`
 * means, and so does a recommended option that acts on the proposal (a reply's "Send", a merge's
 * "Merge as suggested"), not a recommended one that holds it ("Hold").
 */
export function approveKeyGives(reviewCase: Case, option: CaseOption): boolean {
  if (reviewCase.kind === 'exception') return option === approveKeyOption(reviewCase)
  if (reviewCase.kind === 'classification') return option.recommended === true
  return option.via === 'approve' || (option.recommended && option.via !== 'reject' && optionEffect(reviewCase, option).actsOnProposal)
}

/** The choices on a case that cannot be undone, as its warning names them (`irreversibleChoices`). */
export interface IrreversibleChoices {
  /** Whether the approve key approves the proposal itself (no option) and that is final. */
  approving: boolean
  /** Options that carry the proposed action out, finally (less those that mean approving, when `approving` says so), in the case's order. */
  carryingOut: CaseOption[]
  /** Options final for a reason of their own, without carrying the proposed action out ("Close the account for good"). */
  finalOfTheirOwn: CaseOption[]
  /** Whether the approve key and the recommended option (if any) both carry the final action out: the warning then need name no choice. */
  steeredToThem: boolean
}

/**
 * Which choices cannot be undone, from the same effects the confirmation prompt reads
 * (`decisionEffect` of the approve key's choice, `optionEffect` of each option): so the warning
 * above a case never says a choice is safe that the prompt then calls final, whatever the risk
 * class (an option's own flags can make it final on a reversible one).
 */
export function irreversibleChoices(reviewCase: Case): IrreversibleChoices {
  const approving = approveKeyChoice(reviewCase).outcome === 'approve' && approvingEffect(reviewCase).irreversible
  const carriesOut = (option: CaseOption) => {
    const effect = optionEffect(reviewCase, option)
    return effect.actsOnProposal && effect.irreversible
  }
  const keyOption = approveKeyOption(reviewCase)
  const recommended = reviewCase.options.find((option) => option.recommended)
  const keyCarriesOut = keyOption ? carriesOut(keyOption) : approving
  const recommendedCarriesOut = !recommended || carriesOut(recommended) || !numbersChooseOptions(reviewCase)
  // Options a key can choose: all where numbers choose options; elsewhere none but what a gives.
  const choosable = numbersChooseOptions(reviewCase) ? reviewCase.options : []
  return {
    approving,
    carryingOut: choosable.filter((option) => carriesOut(option) && !(approving && approveKeyGives(reviewCase, option))),
    finalOfTheirOwn: choosable.filter((option) => !carriesOut(option) && optionEffect(reviewCase, option).irreversible),
    steeredToThem: keyCarriesOut && recommendedCarriesOut
  }
}

/**
 * What recording `choice` on `reviewCase` does: approving as `approvingEffect`, choosing an option
 * as `optionEffect` (an option id the case does not have: no effect, and the main side refuses
 * the decision), anything else no effect.
 */
export function decisionEffect(reviewCase: Case, choice: DecisionChoice): OptionEffect {
  if (choice.outcome === 'approve') return approvingEffect(reviewCase)
  if (choice.outcome !== 'choose-option') return NO_EFFECT
  const option = reviewCase.options.find((candidate) => candidate.id === choice.optionId)
  return option ? optionEffect(reviewCase, option) : NO_EFFECT
}

/**
 * The sentence a confirmation prompt shows before `choice` is recorded, or null when it needs
 * none: what cannot be undone (the risk class's own words, for a choice that carries the proposed
 * action out), else who the action reaches, else that nobody declared its risk, else the option's
 * label; then the option's own description, if the case gives one; then, for a choice that
 * carries the proposal out, the reviewer's edits (`editsSentence`: the case's words describe the
 * proposal as sent, "€352.00 is refunded", and the edit may have changed the amount).
 */
export function confirmationPrompt(reviewCase: Case, choice: DecisionChoice, edited?: Readonly<Record<string, string>>): string | null {
  const effect = decisionEffect(reviewCase, choice)
  if (!effect.irreversible && !effect.needsConfirmation) return null
  const option = choice.outcome === 'choose-option' ? reviewCase.options.find((candidate) => candidate.id === choice.optionId) : undefined
  // What the option itself does, in the case's own words ("… and adds the proposed rule to the policy").
  const said = [promptFor(reviewCase, effect, option), option?.description, effect.actsOnProposal ? editsSentence(reviewCase, edited) : null]
  return said.filter(Boolean).join(' ')
}

function promptFor(reviewCase: Case, effect: OptionEffect, option: CaseOption | undefined): string {
  const { risk } = reviewCase
  if (effect.irreversible) {
    // The risk class's words describe the proposed action; an option that does not carry it out speaks for itself.
    const described = effect.actsOnProposal ? risk.irreversibleEffect : undefined
    return `This cannot be undone: ${described ?? (option ? `“${option.label}” is final once chosen.` : 'the action is final once approved.')}`
  }
  if (risk.audience !== 'internal') return `This goes to ${risk.audience === 'public' ? 'the public' : 'the customer'}.`
  if (effect.actsOnProposal && risk.declared === false) return 'Nobody declared whether this action can be undone or whom it reaches: confirm it goes through.'
  return option ? `Confirm “${option.label}”.` : 'Confirm the approval.'
}
