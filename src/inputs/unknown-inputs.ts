import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { InputError, quote } from '../runtime/errors.ts'

/**
 * Inputs this action does not declare. The runner passes every `with:` key of the step as an
 * `INPUT_<NAME>` variable (upper-cased, spaces as `_`), declared or not, and only warns about
 * an undeclared one in a log line few read: a typo such as `secret-target:` would otherwise
 * rotate into the default target and revoke the old token with exit code 0.
 */

/**
 * The input names of the action's metadata (action.yml), read when the run starts so that an
 * input added there is accepted without another list to keep in step. The file lies one level
 * above the bundle (dist/index.js) and two above this source file; the nearest one up is taken.
 */
export function declaredInputs(from = fileURLToPath(import.meta.url)): string[] | undefined {
  let dir = dirname(from)
  for (let level = 0; level < 3; level++) {
    const file = join(dir, 'action.yml')
    if (existsSync(file)) return inputNames(readFileSync(file, 'utf8'))
    dir = dirname(dir)
  }
  return undefined
}

/**
 * The keys of action.yml's top-level `inputs:` mapping. A small reader for the one shape the
 * file has (two-space indentation, one key a line), so the bundle needs no YAML parser;
 * test/unit/unknown-inputs.test.ts checks it against a real YAML parser's reading of the file.
 */
export function inputNames(metadata: string): string[] {
  const names: string[] = []
  let inInputs = false
  for (const line of metadata.split(/\r?\n/)) {
    if (/^\S/.test(line)) inInputs = /^inputs:\s*(?:#.*)?$/.test(line)
    else if (inInputs) {
      const key = /^ {2}(?:'([^']+)'|"([^"]+)"|([^\s:#'"][^:]*?)):(?:\s|$)/.exec(line)
      if (key) names.push(key[1] ?? key[2] ?? key[3])
    }
  }
  return names
}

/** The variable the runner sets for an input (as @actions/core reads it). */
function variableOf(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Fails the run, before anything else, when a step passes an input `declared` does not hold. */
export function refuseUnknownInputs(env: NodeJS.ProcessEnv, declared: string[]): void {
  const known = new Map(declared.map(name => [variableOf(name), name]))
  const unknown = Object.keys(env)
    .filter(variable => variable.startsWith('INPUT_') && !known.has(variable.toUpperCase()))
    .map(variable => variable.slice('INPUT_'.length).toLowerCase())
    .sort()
  if (unknown.length === 0) return
  const hint = (name: string) => {
    const near = nearest(name, declared)
    return near ? ` (did you mean \`${near}\`?)` : ''
  }
  const [first, ...others] = unknown
  const more = others.length > 0 ? ` Also unknown: ${others.map(name => `${quote(name)}${hint(name)}`).join(', ')}.` : ''
  throw new InputError(
    first,
    `is not an input of this action${hint(first)}.${more} Nothing was done: fix the name in the step's \`with:\` (the README lists every input).`
  )
}

/** The declared name closest to `name`, when it is close enough to be a typo of it. */
function nearest(name: string, declared: string[]): string | undefined {
  const normal = (value: string) => value.toLowerCase().replace(/[ _]/g, '-')
  let best: { name: string; distance: number } | undefined
  for (const candidate of declared) {
    const distance = editDistance(normal(name), normal(candidate))
    if (!best || distance < best.distance) best = { name: candidate, distance }
  }
  if (!best) return undefined
  // A dash or underscore for the other costs nothing; beyond that, about one slip in four letters.
  return best.distance <= Math.max(1, Math.floor(best.name.length / 4)) ? best.name : undefined
}

/** Levenshtein distance (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]
}
