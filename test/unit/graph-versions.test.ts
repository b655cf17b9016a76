/**
 * Graph API versions by date (graph-api.md §5): a version is judged on the run's day against
 * the table of the day each stops being usable, and Meta's answer headers can say that another
 * version served the call.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_GRAPH_API_VERSION, usableVersions, versionNotice, versionWarning } from '../../src/graph/versions.ts'

const DEC_2026 = new Date('2026-12-02T10:00:00Z')

describe('Graph API versions by date', () => {
  it('on 2026-12-02: v27.0 is the default, v21.0 the oldest usable one, and v22.0 the oldest without a warning', () => {
    assert.equal(DEFAULT_GRAPH_API_VERSION, 'v27.0')
    assert.equal(usableVersions(DEC_2026)[0], 'v21.0')
    assert.equal(usableVersions(DEC_2026).at(-1), 'v27.0')
    for (const version of ['v22.0', 'v23.0', 'v24.0', 'v25.0', 'v26.0', 'v27.0', 'v28.0'])
      assert.equal(versionWarning(version, DEC_2026), undefined, version)
  })

  const cases: Array<{ version: string; now: string; warning: RegExp }> = [
    {
      version: 'v21.0',
      now: '2026-12-02',
      warning: /v21\.0 stops being usable on 2027-01-21, in 50 days.*raise `graph-api-version` to v27\.0/,
    },
    { version: 'v20.0', now: '2026-12-02', warning: /v20\.0 stopped being usable on 2026-09-24 \(the oldest usable version is v21\.0\)/ },
    { version: 'v21.0', now: '2027-01-21', warning: /v21\.0 stopped being usable on 2027-01-21 \(the oldest usable version is v22\.0\)/ },
    { version: 'v19.0', now: '2026-12-02', warning: /v19\.0 is no longer usable \(the oldest usable version is v21\.0\)/ },
    { version: 'v22.0', now: '2027-04-01', warning: /v22\.0 stops being usable on 2027-05-20, in 49 days/ },
  ]
  for (const c of cases) {
    it(`warns about ${c.version} on ${c.now}`, () => {
      assert.match(versionWarning(c.version, new Date(`${c.now}T00:00:00Z`)) ?? '', c.warning)
    })
  }

  it("reads Meta's answer headers: another version served the call, or a version warning", () => {
    const headers = (values: Record<string, string>) => new Headers(values)
    assert.equal(versionNotice('v27.0', headers({ 'facebook-api-version': 'v27.0' })), undefined)
    assert.equal(versionNotice('v27.0', headers({})), undefined)
    assert.match(
      versionNotice('v20.0', headers({ 'facebook-api-version': 'v21.0' })) ?? '',
      /Meta answered with Graph API v21\.0 although v20\.0 was asked for.*raise `graph-api-version` to v21\.0 or later/
    )
    assert.match(
      versionNotice(
        'v22.0',
        headers({ 'facebook-api-version': 'v22.0', 'x-ad-api-version-warning': 'The version will be deprecated soon.' })
      ) ?? '',
      /Meta warns about Graph API v22\.0: The version will be deprecated soon\. — raise `graph-api-version`/
    )
  })
})
