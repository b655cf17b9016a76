import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TokenInfo } from '../../src/graph/token-info.ts'
import { parseConfig } from '../../src/inputs/inputs.ts'
import { parseRequiredAssets } from '../../src/inputs/required-assets.ts'
import { checkRequirements, compareScopes } from '../../src/steps/assets.ts'
import { InputError } from '../../src/runtime/errors.ts'

/** [input, the requirements as "permission: raw ids" — key ids in brackets when they differ] */
const VALID: Array<[string, string[]]> = [
  ['', []],
  ['business_management', ['business_management']],
  ['ads_management: act_1234567890, 987654321', ['ads_management: act_1234567890 [1234567890], 987654321']],
  ['  ADS_Management :act_1,2  ', ['ads_management: act_1 [1], 2']],
  ['ads_management: ACT_77', ['ads_management: act_77 [77]']],
  ['ads_management: act_5, 5, act_5', ['ads_management: act_5 [5]']],
  ['# the pixel\n\nads_read: 42\r\npages_show_list\n  # indented comment', ['ads_read: 42', 'pages_show_list']],
  ['business_creative_insights: 1', ['business_creative_insights: 1']],
  ['ads_management: 000123', ['ads_management: 000123']],
]

/** [input, the line it must name, what the message must say] */
const INVALID: Array<[string, string, RegExp]> = [
  ['ads_mangement: act_1', 'line 1 ("ads_mangement: act_1")', /"ads_mangement" is not a permission that system users support/],
  ['ads_read\npost_to_everyone', 'line 2 ("post_to_everyone")', /not a permission/],
  ['constructor', 'line 1', /"constructor" is not a permission/],
  ['ads_management act_1', 'line 1', /"ads_management act_1" is not a permission/],
  ['ads_management: act_12x', 'line 1', /"act_12x" is not an asset id: use its digits .* or `act_` and the digits/],
  ['ads_management: act_', 'line 1', /"act_" is not an asset id/],
  ['ads_management: 12 34', 'line 1', /"12 34" is not an asset id/],
  ['ads_management: 1,,2', 'line 1', /"" is not an asset id/],
  ['ads_management: -1', 'line 1', /"-1" is not an asset id/],
  ['ads_management: act-1', 'line 1', /"act-1" is not an asset id/],
  ['\n\nads_management:', 'line 3', /no asset id after `:`/],
  ['ads_management: https://evil.example', 'line 1', /is not an asset id/],
]

function shown(raw: string): string[] {
  return parseRequiredAssets(raw).map(r =>
    r.ids.length === 0
      ? r.permission
      : `${r.permission}: ${r.ids.map(id => (id.key === id.raw ? id.raw : `${id.raw} [${id.key}]`)).join(', ')}`
  )
}

describe('required-assets syntax', () => {
  for (const [input, expected] of VALID) {
    it(`accepts ${JSON.stringify(input)}`, () => assert.deepEqual(shown(input), expected))
  }
  for (const [input, line, says] of INVALID) {
    it(`refuses ${JSON.stringify(input)}, naming ${line}`, () => {
      assert.throws(
        () => parseRequiredAssets(input),
        (error: unknown) => {
          assert.ok(error instanceof InputError)
          assert.equal(error.input, 'required-assets')
          assert.ok(error.message.startsWith(`Input \`required-assets\`: ${line}`), error.message)
          assert.match(error.message, says)
          return true
        }
      )
    })
  }

  it('keeps the line as written for missing-assets', () => {
    assert.equal(parseRequiredAssets('  ads_management:act_1 ')[0].line, 'ads_management:act_1')
  })

  it('refuses more than 50 asset ids', () => {
    const many = Array.from({ length: 51 }, (_, i) => String(i + 1)).join(', ')
    assert.throws(() => parseRequiredAssets(`ads_read: ${many}`), /lists 51 asset ids; at most 50/)
  })
})

describe('required-assets and probe-assets in parseConfig', () => {
  const BASE: Record<string, string> = {
    operation: 'check',
    'app-id': '1234567890',
    'app-secret': 'fake-app-secret-value',
    'access-token': 'fake-meta-current-token',
  }
  const parse = (inputs: Record<string, string>) => parseConfig(name => ({ ...BASE, ...inputs })[name] ?? '', {})

  it('reads both, for every operation', () => {
    for (const operation of ['check', 'revoke', 'install-app']) {
      const config = parse({ operation, 'system-user-id': '42', 'required-assets': 'ads_read: 7', 'probe-assets': 'true' })
      assert.deepEqual(
        config.requiredAssets.map(r => r.line),
        ['ads_read: 7']
      )
      assert.equal(config.probeAssets, true)
    }
    assert.equal(parse({}).probeAssets, false)
  })

  it('refuses probe-assets without an id to probe', () => {
    assert.throws(
      () => parse({ 'probe-assets': 'true', 'required-assets': 'ads_read' }),
      /Input `probe-assets`: is `true` but `required-assets` lists no asset id/
    )
    assert.throws(
      () => parse({ 'probe-assets': 'yes', 'required-assets': 'ads_read: 1' }),
      /Input `probe-assets`: must be `true` or `false`/
    )
  })

  it('refuses, for generate, a required permission that scope does not ask for', () => {
    const generate = { operation: 'generate', 'system-user-id': '42', scope: 'ads_read' }
    assert.throws(
      () => parse({ ...generate, 'required-assets': 'ads_read\nads_management: act_1' }),
      /"ads_management: act_1" needs `ads_management`, which `scope` does not ask for/
    )
    assert.equal(parse({ ...generate, 'required-assets': 'ads_read: 1' }).requiredAssets.length, 1)
  })
})

function tokenInfo(scopes: string[], granular: Array<[string, (Array<string | number> | 'unknown')?]>): TokenInfo {
  return {
    isValid: true,
    type: 'SYSTEM_USER',
    appId: '1',
    userId: '2',
    scopes,
    granularScopes: granular.map(([scope, ids]) => ({ scope, targetIds: ids === 'unknown' ? ids : ids?.map(String) })),
    expiresAt: 0,
    dataAccessExpiresAt: 0,
    issuedAt: 0,
    error: undefined,
  }
}

describe('when a requirement is met', () => {
  const requirement = parseRequiredAssets('ads_management: act_1234567890, 987654321')
  const CASES: Array<[string, TokenInfo, string[]]> = [
    ['targets listed as strings', tokenInfo(['ads_management'], [['ads_management', ['1234567890', '987654321', '5']]]), []],
    ['targets listed as numbers', tokenInfo(['ads_management'], [['ads_management', [1234567890, 987654321]]]), []],
    ['targets listed with act_', tokenInfo(['ads_management'], [['ads_management', ['act_1234567890', '987654321']]]), []],
    ['no targets: every asset', tokenInfo(['ads_management'], [['ads_management']]), []],
    [
      'granular_scopes silent about it: no listed asset',
      tokenInfo(['ads_management'], []),
      ['not among the assets the token reaches with it: act_1234567890, 987654321'],
    ],
    [
      'an entry of unknown shape',
      tokenInfo(['ads_management'], [['ads_management', 'unknown']]),
      ["Meta's answer does not say clearly which assets the token reaches with it"],
    ],
    [
      'two entries for it: the most restrictive counts',
      tokenInfo(
        ['ads_management'],
        [['ads_management', ['1234567890', '987654321']], ['ads_management', ['987654321']], ['ads_management']]
      ),
      ['not among the assets the token reaches with it: act_1234567890'],
    ],
    [
      'one target missing',
      tokenInfo(['ads_management'], [['ads_management', ['1234567890']]]),
      ['not among the assets the token reaches with it: 987654321'],
    ],
    [
      'no target at all',
      tokenInfo(['ads_management'], [['ads_management', []]]),
      ['not among the assets the token reaches with it: act_1234567890, 987654321'],
    ],
    ['the permission not held', tokenInfo(['ads_read'], [['ads_management']]), ['the token does not hold the permission']],
  ]
  for (const [name, info, problems] of CASES) {
    it(name, () => assert.deepEqual(checkRequirements(info, requirement, new Map())[0].problems, problems))
  }

  it('a refused probe fails its requirement, whatever the scopes say', () => {
    const [result] = checkRequirements(tokenInfo(['ads_management'], [['ads_management']]), requirement, new Map([['987654321', 'gone']]))
    assert.deepEqual(result.problems, ['Meta refused to read 987654321 as the token: gone'])
  })
})

describe('scope drift between the old and the new token', () => {
  const describeDrift = (old: TokenInfo, fresh: TokenInfo) => {
    const drift = compareScopes(old, fresh)
    const show = (items: typeof drift.narrower) => items.map(i => `${i.permission}${i.ids.length ? ` ${i.ids.join(',')}` : ''}: ${i.what}`)
    return { narrower: show(drift.narrower), wider: show(drift.wider) }
  }
  const CASES: Array<[string, TokenInfo, TokenInfo, { narrower: string[]; wider: string[] }]> = [
    ['the same', tokenInfo(['a', 'b'], [['a', ['1']], ['b']]), tokenInfo(['b', 'a'], [['b'], ['a', [1]]]), { narrower: [], wider: [] }],
    ['a permission lost', tokenInfo(['a', 'b'], []), tokenInfo(['a'], []), { narrower: ['b: permission lost'], wider: [] }],
    ['a permission added', tokenInfo(['a'], []), tokenInfo(['a', 'c'], []), { narrower: [], wider: ['c: permission added'] }],
    [
      'an asset lost, another added',
      tokenInfo(['a'], [['a', ['1', '2']]]),
      tokenInfo(['a'], [['a', ['2', '3']]]),
      { narrower: ['a 1: assets lost'], wider: ['a 3: assets added'] },
    ],
    [
      'act_ and bare ids are one asset',
      tokenInfo(['a'], [['a', ['act_1']]]),
      tokenInfo(['a'], [['a', ['1']]]),
      { narrower: [], wider: [] },
    ],
    [
      'every asset, then some',
      tokenInfo(['a'], [['a']]),
      tokenInfo(['a'], [['a', ['9']]]),
      { narrower: ['a 9: every asset before, now only the assets listed'], wider: [] },
    ],
    [
      'some assets, then every one',
      tokenInfo(['a'], [['a', ['9']]]),
      tokenInfo(['a'], [['a']]),
      { narrower: [], wider: ['a: now every asset'] },
    ],
    [
      'an answer silent about the permission reaches no listed asset, as for a requirement',
      tokenInfo(['a'], [['a', ['9']]]),
      tokenInfo(['a'], []),
      { narrower: ['a 9: assets lost'], wider: [] },
    ],
    [
      'the new answer of unknown shape: fail closed',
      tokenInfo(['a'], [['a']]),
      tokenInfo(['a'], [['a', 'unknown']]),
      { narrower: ["a: Meta's answer no longer says clearly which assets it reaches"], wider: [] },
    ],
  ]
  for (const [name, old, fresh, expected] of CASES) it(name, () => assert.deepEqual(describeDrift(old, fresh), expected))
})
