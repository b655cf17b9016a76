/**
 * What the run says about the Graph API version (graph-api.md §5): Meta's answer headers that
 * show another version served the call, or a version warning, become one warning each, in the
 * log and the job summary, saying to raise `graph-api-version`. The default version gets none.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { summaryText } from '../helpers/markdown.ts'
import { describeRun, World } from '../helpers/world.ts'

describe('Graph API version notices', () => {
  let world: World
  beforeEach(async () => (world = await World.start()))
  afterEach(() => world.close())

  it('the default version (v27.0) is asked for, and the run has no warning', async () => {
    const run = await world.run({ operation: 'check' })
    assert.equal(run.code, 0, describeRun(run))
    assert.deepEqual([...new Set(world.graph.requests.map(r => r.version))], ['v27.0'])
    assert.deepEqual(run.warnings, [])
  })

  const cases: Array<{ title: string; headers: Record<string, string>; inputs: Record<string, string>; warning: string }> = [
    {
      title: 'an answer served by another version than the one asked for',
      headers: { 'facebook-api-version': 'v27.0' },
      inputs: { 'graph-api-version': 'v24.0' },
      warning:
        'Meta answered with Graph API v27.0 although v24.0 was asked for: v24.0 is no longer served; raise `graph-api-version` to v27.0 or later.',
    },
    {
      title: 'a version warning header (its text made inert)',
      headers: { 'X-Ad-Api-Version-Warning': '::error::v25.0 will be retired, see [docs](https://example.invalid)' },
      inputs: { 'graph-api-version': 'v25.0' },
      warning: 'Meta warns about Graph API v25.0:',
    },
  ]
  for (const c of cases) {
    it(`${c.title}: one warning saying to raise graph-api-version, once however many answers carry it`, async () => {
      world.graph.injectFault({ path: '/debug_token', times: 2, headers: c.headers })
      const run = await world.run({ ...c.inputs, 'secret-targets': 'octo-org/app' })
      assert.equal(run.code, 0, describeRun(run))
      const notices = run.warnings.filter(w => w.includes('graph-api-version'))
      assert.equal(notices.length, 1, run.warnings.join('\n'))
      assert.ok(notices[0].startsWith(c.warning), notices[0])
      assert.ok(!run.lines.some(line => line.startsWith('::error::v25')), 'no workflow command from the header')
      const summary = await summaryText(run.summary)
      assert.ok(summary.includes('raise graph-api-version'), summary)
      assert.ok(run.summary.includes('raise `graph-api-version`'), `the input's name as code: ${run.summary}`)
      assert.doesNotMatch(run.summary, /\]\(https:\/\/example\.invalid\)/, 'no link from the header')
    })
  }
})
