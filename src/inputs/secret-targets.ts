import { InputError, quote } from '../runtime/errors.ts'
import { OWNER, parseRepository, requireAtMost } from './rules.ts'

export type SecretTarget =
  | { kind: 'repository'; owner: string; repo: string; label: string }
  | { kind: 'environment'; owner: string; repo: string; environment: string; label: string }
  | { kind: 'organization'; org: string; label: string }

// Environment names: GitHub allows most printable characters (including `/`); refuse only
// control characters and overlong names, and URL-encode the name in paths.
const ENVIRONMENT = /^[^\p{Cc}]{1,255}$/u

/** Targets one run writes: each is a preflight, a write and maybe a restore. */
export const MAX_TARGETS = 100

/** Splits a list input on newlines and commas; drops blanks and `#` comment lines (whole lines, commas and all). */
export function splitList(raw: string): string[] {
  return raw
    .split(/\r\n|[\r\n]/)
    .filter(line => !line.trim().startsWith('#'))
    .flatMap(line => line.split(','))
    .map(item => item.trim())
    .filter(item => item !== '')
}

export function parseTarget(text: string, input = 'secret-targets'): SecretTarget {
  const expected = 'expected `owner/repo`, `owner/repo:environment` or `org:NAME`'
  if (text.startsWith('org:')) {
    const org = text.slice(4).trim()
    if (!OWNER.test(org)) throw new InputError(input, `${quote(text)} is not a valid organization target; ${expected}.`)
    return { kind: 'organization', org, label: `org:${org}` }
  }
  const colon = text.indexOf(':')
  const repoPart = colon === -1 ? text : text.slice(0, colon)
  const repository = parseRepository(repoPart)
  if (!repository) throw new InputError(input, `${quote(text)} is not a valid target; ${expected}.`)
  const { owner, repo } = repository
  if (colon === -1) return { kind: 'repository', owner, repo, label: `${owner}/${repo}` }
  const environment = text.slice(colon + 1).trim()
  if (!ENVIRONMENT.test(environment) || environment === '.' || environment === '..') {
    throw new InputError(input, `${quote(text)} has an empty or invalid environment name; ${expected}.`)
  }
  return { kind: 'environment', owner, repo, environment, label: `${owner}/${repo}:${environment}` }
}

/** Parses `secret-targets`; duplicates (case-insensitive) collapse to the first. */
export function parseTargets(raw: string, defaultRepository: string | undefined): SecretTarget[] {
  const items = splitList(raw)
  if (items.length === 0) {
    if (!defaultRepository) {
      throw new InputError('secret-targets', 'is empty and GITHUB_REPOSITORY is not set; name at least one target such as `owner/repo`.')
    }
    const target = parseTarget(defaultRepository, 'secret-targets (default: GITHUB_REPOSITORY)')
    if (target.kind !== 'repository') {
      throw new InputError(
        'secret-targets (default: GITHUB_REPOSITORY)',
        `${quote(defaultRepository)} is not an \`owner/repo\` name; name the targets in \`secret-targets\`.`
      )
    }
    return [target]
  }
  requireAtMost('secret-targets', items.length, MAX_TARGETS, 'targets')
  const seen = new Set<string>()
  const targets: SecretTarget[] = []
  for (const item of items) {
    const target = parseTarget(item)
    const key = target.label.toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    targets.push(target)
  }
  return targets
}
