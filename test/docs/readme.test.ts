/**
 * The README fits on a few screens and shows the real templates: every YAML block in it is a
 * file of workflow-templates/ as it is, and every link of the README and docs/ resolves (the
 * file exists, and its heading for a `#anchor`, slugged as GitHub does).
 */
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, it } from 'node:test'
import { ROOT } from '../workflows/load.ts'

const README = readFileSync(join(ROOT, 'README.md'), 'utf8')
const TEMPLATES = readdirSync(join(ROOT, 'workflow-templates'))
  .filter(name => name.endsWith('.yml'))
  .map(name => ({ name, text: readFileSync(join(ROOT, 'workflow-templates', name), 'utf8') }))

function yamlBlocks(markdown: string): Array<{ line: number; text: string }> {
  const blocks: Array<{ line: number; text: string }> = []
  const pattern = /^```ya?ml\n([\s\S]*?)^```$/gm
  for (const match of markdown.matchAll(pattern)) blocks.push({ line: markdown.slice(0, match.index).split('\n').length, text: match[1] })
  return blocks
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const seen = new Set<string>()
  for (const [, heading] of markdown.matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-')
    seen.add(slug)
  }
  return seen
}

/** Broken links of a Markdown file, relative to the repository. */
export function brokenLinks(path: string, markdown: string): string[] {
  const broken: string[] = []
  const withoutCode = markdown.replace(/^```[\s\S]*?^```$/gm, '')
  for (const [, target] of withoutCode.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target)) continue
    const [file, anchor] = target.split('#')
    const resolved = file === '' ? join(ROOT, path) : join(ROOT, dirname(path), file)
    if (!existsSync(resolved)) {
      broken.push(`${path}: ${target} (no ${relative(ROOT, resolved)})`)
      continue
    }
    if (anchor && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(anchor))
      broken.push(`${path}: ${target} (no heading #${anchor})`)
  }
  return broken
}

describe('the README', () => {
  it('fits on a few screens: at most 500 lines, the first complete workflow within the first 80', () => {
    assert.ok(README.split('\n').length <= 500, `${README.split('\n').length} lines`)
    const [first] = yamlBlocks(README)
    assert.ok(first.line <= 80, `the first YAML block starts at line ${first.line}`)
    assert.match(first.text, /^jobs:/m, 'a complete workflow')
  })

  it('every YAML block is a template, as it is in workflow-templates/', () => {
    const blocks = yamlBlocks(README)
    assert.ok(blocks.length >= 2)
    for (const block of blocks)
      assert.ok(
        TEMPLATES.some(template => template.text === block.text),
        `README line ${block.line}: this YAML block differs from every file in workflow-templates/`
      )
  })

  it('catches a block that differs from its template', () => {
    const changed = README.replace('deploy-workflows:', 'deploy-workflow:')
    assert.ok(yamlBlocks(changed).some(block => !TEMPLATES.some(template => template.text === block.text)))
  })

  it('every link of the README and docs/ resolves, headings included', () => {
    const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).map(name => `docs/${name}`)]
    assert.deepEqual(
      files.flatMap(file => brokenLinks(file, readFileSync(join(ROOT, file), 'utf8'))),
      []
    )
  })

  it('the link check catches a missing file and a missing heading', () => {
    assert.equal(brokenLinks('README.md', '[a](docs/nothing.md) [b](docs/security.md#nowhere) [c](docs/security.md)').length, 2)
  })
})

/** GitHub's secondary limits for an App (shared/reference/github.md §4.2, GitHub's docs on secondary rate limits). */
const GITHUB_LIMITS = { perMinute: 80, perHour: 500, atOnce: 100 }

describe("the README's fleet arithmetic", () => {
  const section = README.slice(README.indexOf("## Many tokens and GitHub's limits"), README.indexOf('## GitHub App permissions'))
  const template = readFileSync(join(ROOT, 'workflow-templates', 'meta-token-rotation-matrix.yml'), 'utf8')
  const maxParallel = Number(/max-parallel: (\d+)/.exec(template)![1])

  it("matches GitHub's limits, divided by the template's max-parallel", () => {
    assert.match(section, new RegExp(`with the template's \`max-parallel: ${maxParallel}\``))
    const row = (label: string) => {
      const match = new RegExp(`^\\| ${label} \\| (\\d+) \\| (\\d+) \\|$`, 'm').exec(section)
      assert.ok(match, label)
      return [Number(match[1]), Number(match[2])]
    }
    for (const [label, limit] of [
      ['content-creating requests a minute', GITHUB_LIMITS.perMinute],
      ['content-creating requests an hour', GITHUB_LIMITS.perHour],
      ['requests at once', GITHUB_LIMITS.atOnce],
    ] as const)
      assert.deepEqual(row(label), [limit, Math.floor(limit / maxParallel)], label)
    assert.match(
      section,
      /limits content creation to 80 requests a minute and 500 an hour for the whole App, and allows 100 requests at once/
    )
  })

  it('every example fits: N × (T + D + 2) within four weeks of the hourly budget, at most 256 tokens, the minutes right', async () => {
    const { SLOT_WEEKS } = await import('../../src/fleet/matrix.ts')
    const { MAX_ENTRIES } = await import('../../src/fleet/entries.ts')
    const budget = SLOT_WEEKS * GITHUB_LIMITS.perHour
    assert.match(section, new RegExp(`N × \\(T \\+ D \\+ 2\\) ≤ ${SLOT_WEEKS} × ${GITHUB_LIMITS.perHour} = ${budget}`))
    const examples = [...section.matchAll(/(\d+) × \((\d+)(?: \+ (\d+))? \+ 2\) = (\d+) ≤ (\d+)/g)]
    assert.ok(examples.length >= 3)
    for (const [text, n, t, d, total, bound] of examples) {
      assert.equal(Number(n) * (Number(t) + Number(d ?? 0) + 2), Number(total), text)
      assert.equal(Number(bound), budget, text)
      assert.ok(Number(total) <= budget && Number(n) <= MAX_ENTRIES, text)
    }
    for (const [text, writes, perMinute, minutes] of section.matchAll(/(\d+) \/ (\d+) ≈ ([\d.]+) minutes/g)) {
      assert.equal(Number(perMinute), GITHUB_LIMITS.perMinute, text)
      assert.equal(Number(minutes), Math.round((Number(writes) / Number(perMinute)) * 10) / 10, text)
      assert.ok(
        examples.some(([, , , , total]) => Number(total) / SLOT_WEEKS === Number(writes)),
        `${text}: a week of an example`
      )
    }
  })
})
