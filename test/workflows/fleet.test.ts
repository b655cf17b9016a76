/**
 * The many-tokens template (workflow-templates/meta-token-rotation-matrix.yml): the matrix its
 * first job computes with the plan action (src/fleet/), read as GitHub reads the template — its
 * `with:` evaluated by GitHub's expression library, the matrix expanded from the step's output —
 * and the table of every token that ends a run, rendered as GitHub renders Markdown. The table
 * from real entry jobs is in reusable-run.test.ts.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parseEntries } from '../../src/fleet/entries.ts'
import { CATCH_UP, fleetMatrix, RENEW_IN_SLOT, slotOf, SLOT_WEEKS, weekOf } from '../../src/fleet/matrix.ts'
import { RECORD_FIELDS, type FleetRecord } from '../../src/fleet/record.ts'
import { main as planMain } from '../../src/plan/main.ts'
import { describeError } from '../../src/runtime/errors.ts'
import { assertInertLog, HOSTILE_TEXTS } from '../helpers/inert.ts'
import { type MarkdownNode, parseMarkdown, renderedTable, walk } from '../helpers/markdown.ts'
import { readActionMetadata, ROOT } from '../helpers/run-action.ts'
import { runInProcess } from '../helpers/run-main.ts'
import { evaluate, interpolate, type Contexts, type Value } from './github-expressions.ts'
import { byPath, FLEET_TABLE_PATH, jobs, type Mapping } from './load.ts'

const template = byPath('workflow-templates/meta-token-rotation-matrix.yml')
const planMetadata = readActionMetadata(join(ROOT, 'plan', 'action.yml'))
const [, tokensJob] = jobs(template).find(([name]) => name === 'tokens')!
const [, rotate] = jobs(template).find(([, spec]) => spec.strategy)!
const [, tableJob] = jobs(template).find(([name]) => name === 'table')!
const fleetTable = byPath(FLEET_TABLE_PATH)
const TUESDAY = new Date('2026-11-17T04:23:00Z')

function errorOf(work: () => unknown): string {
  try {
    work()
  } catch (error) {
    return describeError(error)
  }
  return 'accepted'
}

describe('the list of tokens', () => {
  it('reads one entry a line: secret, targets by the action’s own parser, an optional admin-secret', () => {
    const entries = parseEntries(
      '# agency clients\nMETA_TOKEN_SHOP: octo-org/shop, org:octo-org ; admin-secret: META_ADMIN_TOKEN\n\n  META_TOKEN_ADS:octo-org/ads:production,OCTO-ORG/ADS:production\nMETA_TOKEN_BLOG:\n'
    )
    assert.deepEqual(entries, [
      { secret: 'META_TOKEN_SHOP', targets: 'octo-org/shop, org:octo-org', adminSecret: 'META_ADMIN_TOKEN' },
      { secret: 'META_TOKEN_ADS', targets: 'octo-org/ads:production' },
      { secret: 'META_TOKEN_BLOG', targets: '' },
    ])
  })

  const refused: Array<[string, string, RegExp]> = [
    ['no colon', 'META_TOKEN_SHOP octo-org/shop', /Input `tokens`: line 1 .*expected `SECRET: /],
    ['a secret name GitHub refuses', 'META-TOKEN: octo-org/shop', /line 1/],
    [
      'a bad target, named with its line and secret',
      'A: octo-org/a\nMETA_TOKEN_ADS: octo-org/',
      /Input `tokens \(line 2, META_TOKEN_ADS\)`: "octo-org\/" is not a valid target/,
    ],
    ['the same secret twice, in any case', 'META_TOKEN_ADS: o/a\nmeta_token_ads: o/b', /line 2 names meta_token_ads a second time/],
    ['an unknown option', 'META_TOKEN_ADS: o/a; admin: X', /"admin: X" is not `admin-secret: NAME`/],
    ['no entry at all', '# nothing yet\n', /lists no token/],
    [
      'more entries than one matrix runs',
      Array.from({ length: 257 }, (_, i) => `T${i}: o/a`).join('\n'),
      /257 tokens; one matrix runs at most 256/,
    ],
  ]
  for (const [title, text, message] of refused)
    it(`refuses ${title}`, () =>
      assert.match(
        errorOf(() => parseEntries(text)),
        message
      ))
})

describe('the matrix: every token every week, each rotating in its own week of four', () => {
  const entries = parseEntries(
    Array.from({ length: 100 }, (_, i) => `META_TOKEN_CLIENT_${String(i + 1).padStart(3, '0')}: octo-org/client-${i + 1}`).join('\n')
  )

  it('gives each name a fixed slot, and spreads a hundred names over the four weeks', () => {
    const sizes = Array.from({ length: SLOT_WEEKS }, (_, slot) => entries.filter(entry => slotOf(entry.secret) === slot).length)
    assert.deepEqual(
      entries.map(entry => slotOf(entry.secret)),
      entries.map(entry => slotOf(entry.secret.toLowerCase())),
      'the same slot however the name is cased'
    )
    for (const size of sizes) assert.ok(size >= 15 && size <= 35, `slot sizes ${sizes}`)
  })

  it('on the schedule: the entries of this week’s slot renew within 45 days, the others only within 21', () => {
    const rows = fleetMatrix(entries, '', TUESDAY)
    assert.equal(rows.length, 100)
    for (const row of rows)
      assert.equal(row['renew-before-days'], String(slotOf(row.secret) === weekOf(TUESDAY) ? RENEW_IN_SLOT : CATCH_UP), row.secret)
    const nextWeek = fleetMatrix(entries, '', new Date(TUESDAY.getTime() + 7 * 86_400_000))
    assert.notDeepEqual(
      rows.filter(row => row['renew-before-days'] === '45').map(row => row.secret),
      nextWeek.filter(row => row['renew-before-days'] === '45').map(row => row.secret)
    )
  })

  it('a run naming one token renews only that one, at once; a name not in the list is refused, naming the input', () => {
    assert.deepEqual(fleetMatrix(entries, ' meta_token_client_007 ', TUESDAY), [
      { secret: 'META_TOKEN_CLIENT_007', targets: 'octo-org/client-7', 'renew-before-days': '', slot: slotOf('META_TOKEN_CLIENT_007') },
    ])
    assert.match(
      errorOf(() => fleetMatrix(entries, 'META_TOKEN_OTHER', TUESDAY)),
      /Input `token`: "META_TOKEN_OTHER" is not one of the tokens listed/
    )
  })

  it('a hundred 60-day tokens onboarded the same day: never more than a slot rotates in a week, none ever under 22 days after a run', () => {
    const daysLeft = new Map(entries.map(entry => [entry.secret, 60]))
    const perWeek: number[] = []
    for (let week = 0; week < 52; week++) {
      const now = new Date(TUESDAY.getTime() + week * 7 * 86_400_000)
      let rotated = 0
      for (const row of fleetMatrix(entries, '', now)) {
        if (daysLeft.get(row.secret)! <= Number(row['renew-before-days'])) {
          daysLeft.set(row.secret, 60)
          rotated++
        }
        assert.ok(daysLeft.get(row.secret)! > CATCH_UP, `${row.secret} in week ${week}`)
      }
      perWeek.push(rotated)
      for (const [secret, days] of daysLeft) daysLeft.set(secret, days - 7)
    }
    const largestSlot = Math.max(...Array.from({ length: SLOT_WEEKS }, (_, slot) => entries.filter(e => slotOf(e.secret) === slot).length))
    assert.ok(Math.max(...perWeek) <= largestSlot, `rotations a week: ${perWeek}`)
    assert.ok(
      perWeek.slice(8).every(count => count > 0),
      'steady: every week rotates its slot'
    )
    // The 30-day window of one workflow per token would rotate all hundred in one week.
    assert.ok(largestSlot <= 35)
  })
})

/** The template's jobs as GitHub runs them, for an event and the dispatch inputs. */
async function templateRun(event: string, inputs: Record<string, Value>) {
  const contexts: Contexts = { github: { event_name: event }, inputs }
  const [step] = tokensJob.steps as Mapping[]
  const given = Object.fromEntries(Object.entries(step.with as Mapping).map(([k, v]) => [k, interpolate(v, contexts)]))
  const run = await runInProcess((io, env) => planMain(io, env, TUESDAY), planMetadata, given)
  assertInertLog(run)
  const needs = {
    tokens: {
      result: run.code === 0 ? 'success' : 'failure',
      outputs: { matrix: interpolate(tokensJob.outputs.matrix, { steps: { matrix: { outputs: run.outputs } } }) },
    },
  }
  const include =
    run.code === 0 ? (evaluate(String(rotate.strategy.matrix.include).replace(/^\$\{\{|\}\}$/g, ''), { needs }) as Mapping[]) : []
  const strategy = { 'max-parallel': rotate.strategy['max-parallel'], 'fail-fast': rotate.strategy['fail-fast'] }
  const secrets = {
    META_ADMIN_TOKEN: 'fake-admin-token-value',
    META_TOKEN_SHOP: 'fake-shop-token-value',
    META_TOKEN_ADS: 'fake-ads-token-value',
  }
  const entries = include.map(matrix => {
    const entryContexts: Contexts = { ...contexts, matrix, strategy, vars: {}, secrets }
    const evaluate = (mapping: Mapping) => Object.fromEntries(Object.entries(mapping).map(([k, v]) => [k, interpolate(v, entryContexts)]))
    return { matrix, with: evaluate(rotate.with), secrets: evaluate(rotate.secrets) }
  })
  return { run, needs, entries }
}

describe('the many-tokens template, evaluated as GitHub evaluates it', () => {
  it('the tokens are written in the file; the first job turns them into the matrix', () => {
    const [step] = tokensJob.steps as Mapping[]
    assert.match(String(step.uses), /^OWNER\/meta-token-keeper\/plan@v1$/)
    assert.equal(step.with.step, 'fleet-matrix')
    assert.doesNotMatch(step.with.tokens, /\$\{\{/, 'a literal list')
    assert.equal(rotate.needs, 'tokens')
  })

  it('the schedule runs every token with its renew window, and paces each job to its share of the App (parallel-jobs = max-parallel)', async () => {
    const { entries } = await templateRun('schedule', {})
    assert.deepEqual(
      entries.map(e => e.with['secret-name']),
      ['META_TOKEN_SHOP', 'META_TOKEN_ADS']
    )
    for (const entry of entries) {
      assert.equal(entry.with['parallel-jobs'], String(rotate.strategy['max-parallel']))
      assert.equal(entry.with['fleet-report'], 'true')
      assert.ok(['45', '21'].includes(entry.with['renew-before-days']), entry.with['renew-before-days'])
      assert.equal(entry.secrets['meta-access-token'], `fake-${entry.matrix.secret === 'META_TOKEN_SHOP' ? 'shop' : 'ads'}-token-value`)
    }
    assert.equal(entries[0].with['secret-targets'], 'octo-org/shop, org:octo-org')
    assert.equal(entries[0].secrets['meta-admin-token'], 'fake-admin-token-value', 'the entry that names the admin token checks it')
    assert.equal(entries[1].secrets['meta-admin-token'], '')
  })

  it('a run by hand without a name honours the renew windows; with a name it renews that token alone, and passes no admin token', async () => {
    const byHand = await templateRun('workflow_dispatch', { token: '' })
    const scheduled = await templateRun('schedule', {})
    assert.deepEqual(
      byHand.entries.map(e => e.with['renew-before-days']),
      scheduled.entries.map(e => e.with['renew-before-days'])
    )
    const named = await templateRun('workflow_dispatch', { token: 'META_TOKEN_SHOP' })
    assert.deepEqual(
      named.entries.map(e => [e.with['secret-name'], e.with['renew-before-days'], e.secrets['meta-admin-token']]),
      [['META_TOKEN_SHOP', '', '']]
    )
    const unknown = await templateRun('workflow_dispatch', { token: 'META_TOKEN_OTHER' })
    assert.equal(unknown.run.code, 1)
    assert.match(unknown.run.stdout, /Input `token`: "META_TOKEN_OTHER" is not one of the tokens listed/)
  })

  it('ends with the table job, after every entry, also when some failed; a run whose list is wrong has no table', () => {
    assert.deepEqual(tableJob.needs, ['tokens', 'rotate'])
    const runs = (tokens: string) =>
      evaluate(String(tableJob.if).replace(/^\$\{\{|\}\}$/g, ''), { needs: { tokens: { result: tokens } }, job: { status: 'failure' } })
    assert.deepEqual([runs('success'), runs('failure')], [true, false])
  })

  it("the table job calls this repository's fleet-table workflow with the matrix; it downloads every entry's outcome, then writes the table", () => {
    assert.match(String(tableJob.uses), /^OWNER\/meta-token-keeper\/\.github\/workflows\/meta-token-fleet-table\.yml@v1$/)
    assert.deepEqual(tableJob.permissions, {}, 'downloading this run’s artifacts needs no permission')
    const matrix = '[{"secret":"META_TOKEN_SHOP"}]'
    const given = Object.fromEntries(
      Object.entries(tableJob.with as Mapping).map(([k, v]) => [k, interpolate(v, { needs: { tokens: { outputs: { matrix } } } })])
    )
    assert.deepEqual(given, { matrix })
    const [[, job], ...others] = jobs(fleetTable)
    assert.equal(others.length, 0)
    assert.deepEqual(job.permissions, {})
    const [download, write] = job.steps as Mapping[]
    assert.match(String(download.uses), /^actions\/download-artifact@[0-9a-f]{40}$/)
    assert.equal(download.with.pattern, 'meta-token-fleet-*')
    assert.equal(download.with['merge-multiple'], true)
    assert.equal(write.uses, '$/plan', 'the plan action at the workflow’s own commit')
    assert.equal(write.with.step, 'fleet-table')
    assert.equal(write.with.matrix, '${{ inputs.matrix }}')
    assert.equal(write.with['fleet-dir'], download.with.path)
  })
})

function record(secret: string, fields: Partial<FleetRecord>): FleetRecord {
  return { secret, ...Object.fromEntries(RECORD_FIELDS.map(field => [field, ''])), outcome: 'success', ...fields } as FleetRecord
}

describe('the table of every token', () => {
  it('sorts failures first, then tokens without a report, then by days left; outside text stays text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtk-fleet-'))
    try {
      const hostile = HOSTILE_TEXTS.map(h => h.text).join(' ')
      const records = [
        record('META_TOKEN_A', { rotated: 'true', 'days-remaining': '59', 'secrets-updated': 'octo-org/a\nocto-org/a:production' }),
        record('META_TOKEN_B', { skipped: 'true', 'days-remaining': '33' }),
        record('META_TOKEN_C', {
          outcome: 'failure',
          'failed-step': 'action',
          'days-remaining': '12',
          'failure-message': hostile,
          'next-step': 'Run generate.',
        }),
        record('META_TOKEN_D', { skipped: 'true', 'days-remaining': '9 ##[add-mask]e', 'expires-at': 'never' }),
      ]
      for (const r of records) writeFileSync(join(dir, `${r.secret}.json`), JSON.stringify(r))
      writeFileSync(join(dir, 'broken.json'), '{')
      const matrix = JSON.stringify(
        ['META_TOKEN_A', 'META_TOKEN_B', 'META_TOKEN_C', 'META_TOKEN_D', 'META_TOKEN_E'].map(secret => ({ secret }))
      )
      const run = await runInProcess(planMain, planMetadata, { step: 'fleet-table', matrix, 'fleet-dir': dir })
      assert.equal(run.code, 0, run.stdout)
      assertInertLog(run)
      const { heading, rows } = await renderedTable(run.summary)
      assert.equal(heading, '❌ Meta tokens: 2 of 5 need attention, 1 rotated')
      assert.deepEqual(rows[0], ['Token', 'Days left', 'Result', 'Targets written', 'Problems'])
      assert.deepEqual(
        rows.slice(1).map(row => row.slice(0, 4)),
        [
          ['META_TOKEN_C', '12', 'failed (action)', '—'],
          ['META_TOKEN_E', 'unknown', 'no report', '—'],
          ['META_TOKEN_B', '33', 'skipped', '—'],
          ['META_TOKEN_A', '59', 'rotated', 'octo-org/a, octo-org/a:production'],
          ['META_TOKEN_D', 'never expires', 'skipped', '—'],
        ]
      )
      assert.ok(rows[1][4].startsWith(hostile.replace(/\s+/g, ' ').slice(0, 40)), rows[1][4])
      assert.match(rows[1][4], /Run generate\.$/)
      const tree = await parseMarkdown(run.summary)
      const kinds = [...walk(tree)].map(({ node }: { node: MarkdownNode }) => node.type)
      for (const kind of ['link', 'image', 'html', 'code', 'blockquote', 'list', 'definition'])
        assert.ok(!kinds.includes(kind), `a ${kind} in the table`)
      assert.equal((tree.children ?? []).filter(node => node.type === 'heading').length, 1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
