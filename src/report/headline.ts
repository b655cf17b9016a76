import type { Report, TargetLine } from './report.ts'

/**
 * The first line of a failed run's summary: where the tokens stand now, from what the run did
 * (which targets got the new token, whether the old one was revoked), so that the reader knows
 * at a glance whether anything is broken before reading why the run failed. Undefined for a run
 * that succeeded.
 */
export function headline(report: Report): string | undefined {
  if (report.operation === 'doctor' && report.checks.length > 0) return doctorVerdict(report)
  if (!report.failure) return report.caution
  const targets = [...report.targets.values()]
  const labels = (lines: TargetLine[]) => lines.map(line => line.label).join(', ')
  const mayHoldNew = targets.filter(line => line.outcome === 'restore failed')
  const holdNew = targets.filter(line => line.outcome === 'created' || line.outcome === 'updated')
  const oldRevoked = report.outputs.get('revoked') === 'true'
  const retired = Number(report.outputs.get('retired') ?? 0)

  // A check changes nothing: its title and what went wrong say all.
  if (report.operation === 'check') return undefined
  if (report.failure.step === 'read inputs') return 'Nothing changed: the run stopped at its inputs, before any request.'
  if (report.operation === 'emergency') return emergencyHeadline(report, targets, holdNew)
  if (mayHoldNew.length > 0) {
    return `Both tokens work: ${labels(mayHoldNew)} may hold the new token, every other target the old one.`
  }
  if (report.outputs.get('rotated') === 'true') {
    const where = targets.length > 0 ? 'Every target holds the new token' : 'A new token was issued (the masked token output)'
    return oldRevoked ? `${where}, and the old one is revoked.` : `${where}; the old one still works${oldTokenEnd(report)}.`
  }
  if (holdNew.length > 0) {
    const rest = targets.length - holdNew.length
    return `${labels(holdNew)} ${holdNew.length === 1 ? 'holds' : 'hold'} the new token${rest > 0 ? `, ${rest} other target(s) what they held before` : ''}.`
  }
  if (report.operation === 'retire' && retired > 0) return `${retired} earlier token(s) were revoked; the others are still valid.`
  if (report.operation === 'generate' && report.outputs.has('token'))
    return 'A new token was generated but stored nowhere; it is only in the masked token output of this job.'
  if (targets.length === 0 || report.operation === 'generate') return 'Nothing changed.'
  const again = targets.some(line => line.outcome === 'restored') ? ' again' : ' still'
  const works = report.outputs.get('is-valid') === 'true' ? ', which works' : ''
  return `Nothing changed: every target${again} holds the old token${works}.`
}

/** After an emergency, the old token is the leaked one: whether it is dead comes first, then who holds the replacement. */
function emergencyHeadline(report: Report, targets: TargetLine[], holdNew: TargetLine[]): string {
  const dead = report.outputs.get('revoked') === 'true'
  const parts = [dead ? 'The leaked token is dead' : 'A leaked token may still work']
  if (holdNew.length > 0)
    parts.push(`${holdNew.map(line => line.label).join(', ')} ${holdNew.length === 1 ? 'holds' : 'hold'} the replacement`)
  const rest = targets.length - holdNew.length
  if (rest > 0) parts.push(`${rest} target(s) still hold the ${dead ? 'revoked' : 'leaked'} token`)
  return `${parts.join('; ')}.`
}

/** The old token's own end; a token revoked later ends sooner. */
function oldTokenEnd(report: Report): string {
  const expiry = report.oldExpiry
  if (!expiry) return ''
  return expiry.expiresAt === 'never' ? ' (it never expires)' : ` until ${expiry.expiresAt}`
}

/** The doctor's verdict: ready for the day of a leak, or which checks stand in the way. */
function doctorVerdict(report: Report): string {
  const failed = report.checks.filter(row => row.status === 'fail')
  if (failed.length === 0) return `Ready: all ${report.checks.length} checks passed; the day of a leak would work.`
  return `Not ready: ${failed.length} of ${report.checks.length} checks failed (${[...new Set(failed.map(row => row.concerns))].join(', ')}).`
}

/**
 * The summary's title after the operation's name: the verdict in a few words, a ✅ or ❌ first
 * ("❌ the token expires in 4 days", "✅ would rotate the token into 1 target(s)").
 */
export function titleWords(report: Report): string {
  if (report.failure) {
    const { title, step } = report.failure
    return `❌ ${title ?? (step === 'run' ? 'failed' : `failed to ${step}`)}`
  }
  return `✅ ${report.title || successWords(report)}`
}

function successWords(report: Report): string {
  const outputs = report.outputs
  if (report.dryRun) return 'changed nothing'
  if (report.operation === 'doctor') return 'ready for the day of a leak'
  if (report.operation === 'emergency') {
    return outputs.get('replaced') === 'true'
      ? 'every leaked token is dead; a replacement is stored'
      : 'every leaked token is dead; no replacement is stored'
  }
  if (outputs.get('skipped') === 'true') return 'no renewal due'
  if (outputs.get('rotated') === 'true') {
    const done = report.operation === 'generate' ? 'generated a new token' : report.operation === 'refresh' ? 'refreshed' : 'rotated'
    return outputs.get('revoked') === 'true' ? `${done}; the old token is revoked` : done
  }
  if (report.operation === 'revoke' && outputs.get('revoked') === 'true') return 'revoked'
  return 'succeeded'
}
