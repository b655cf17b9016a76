import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InputError } from '../../src/runtime/errors.ts'
import { parseConfig } from '../../src/inputs/inputs.ts'
import { parseTargets } from '../../src/inputs/secret-targets.ts'
import { MAX_RECORD_TOKENS, parseRecord, recordText } from '../../src/inputs/record.ts'

const BASE: Record<string, string> = {
  operation: 'rotate',
  'app-id': '1234567890',
  'app-secret': 'fake-app-secret-value',
  'access-token': 'fake-meta-current-token',
  'secret-name': 'META_ACCESS_TOKEN',
  'github-token': 'fake-gh-token-for-unit-tests',
}

function parse(inputs: Record<string, string>, env: NodeJS.ProcessEnv = { GITHUB_REPOSITORY: 'octo-org/app' }) {
  const all = { ...BASE, ...inputs }
  return parseConfig(name => all[name] ?? '', env)
}

function rejects(inputs: Record<string, string>, input: string, pattern?: RegExp, env?: NodeJS.ProcessEnv) {
  assert.throws(
    () => parse(inputs, env),
    (error: unknown) => {
      assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`)
      assert.equal(error.input, input)
      assert.match(error.message, new RegExp(`\`${input.replace(/[()]/g, '\\$&')}`))
      if (pattern) assert.match(error.message, pattern)
      return true
    }
  )
}

describe('parseConfig', () => {
  it('applies the contract defaults', () => {
    const config = parse({ operation: '' })
    assert.equal(config.operation, 'rotate')
    assert.equal(config.graphApiVersion, 'v27.0')
    assert.equal(config.graphApiUrl, 'https://graph.facebook.com')
    assert.equal(config.githubApiUrl, 'https://api.github.com')
    assert.equal(config.minDaysRemaining, 7)
    assert.equal(config.revokeOld, 'true')
    assert.equal(config.dryRun, false)
    assert.equal(config.expiring, true)
    assert.equal(config.requestTimeoutMs, 30_000)
    assert.equal(config.revokeToken, BASE['access-token'])
    assert.deepEqual(
      config.targets.map(t => t.label),
      ['octo-org/app']
    )
  })

  it('names the input for each kind of bad value', () => {
    rejects({ operation: 'explode' }, 'operation', /rotate, refresh, check/)
    rejects({ 'app-id': '12ab' }, 'app-id', /digits/)
    rejects({ 'app-id': '' }, 'meta-app-id', /required.*`app-id` is accepted too/)
    rejects({ 'meta-app-id': '12ab', 'app-id': '' }, 'meta-app-id', /digits/)
    rejects({ 'meta-app-id': '1234567891' }, 'meta-app-id', /`app-id` are two names for the Meta app id, and they differ/)
    rejects({ 'app-secret': '' }, 'app-secret', /required/)
    rejects({ 'access-token': 'two\nlines' }, 'access-token', /line break/)
    rejects({ 'secret-name': 'GITHUB_TOKEN_COPY' }, 'secret-name', /GITHUB_/)
    rejects({ 'secret-name': '1TOKEN' }, 'secret-name', /digit/)
    rejects({ 'secret-name': 'META-TOKEN' }, 'secret-name')
    rejects({ 'secret-name': '' }, 'secret-name', /required for `rotate`/)
    rejects({ 'secret-targets': 'not a target' }, 'secret-targets', /owner\/repo/)
    rejects({ 'secret-targets': 'octo-org/app:' }, 'secret-targets', /environment/)
    rejects({ 'github-token': '' }, 'github-token', /GITHUB_TOKEN cannot write secrets/)
    rejects({ 'graph-api-url': 'http://graph.example.com' }, 'graph-api-url', /https/)
    rejects({ 'graph-api-version': '26' }, 'graph-api-version', /v27\.0/)
    rejects({ 'request-timeout-seconds': '-1' }, 'request-timeout-seconds')
    rejects({ 'parallel-jobs': '0' }, 'parallel-jobs', /whole number from 1 to 80/)
    rejects({ 'parallel-jobs': '2.5' }, 'parallel-jobs', /whole number from 1 to 80/)
    rejects({ 'min-days-remaining': 'soon' }, 'min-days-remaining', /whole number/)
    rejects({ 'renew-before-days': '1.5' }, 'renew-before-days')
    rejects({ 'dry-run': 'yes' }, 'dry-run', /`true` or `false`/)
    rejects({ operation: 'generate', 'system-user-id': '', scope: 'ads_read' }, 'system-user-id', /required/)
    rejects(
      { operation: 'generate', 'system-user-id': '42', scope: 'ads_read,post to everyone' },
      'scope',
      /"post to everyone" is not a permission name/
    )
    rejects({ operation: 'generate', 'system-user-id': '42', scope: '' }, 'scope', /required/)
    rejects({ 'secret-targets': 'org:octo-org', 'org-secret-visibility': 'public' }, 'org-secret-visibility')
    rejects({ 'secret-targets': 'org:octo-org', 'org-secret-visibility': 'selected' }, 'org-secret-repositories', /required/)
    rejects({ 'secret-targets': 'org:octo-org', 'org-secret-repositories': 'app' }, 'org-secret-visibility', /selected/)
  })

  it('refuses a previous-secret-name that is secret-name in another letter case (GitHub folds the case: one secret)', () => {
    for (const name of ['META_ACCESS_TOKEN', 'meta_access_token', 'Meta_Access_Token'])
      rejects({ 'previous-secret-name': name }, 'previous-secret-name', /must differ from `secret-name`/)
    assert.equal(parse({ 'previous-secret-name': 'meta_access_token_old' }).previousSecretName, 'meta_access_token_old')
  })

  it('refuses a secret input shorter than 16 characters, naming it without quoting it', () => {
    for (const name of ['app-secret', 'access-token', 'revoke-token', 'github-token']) {
      for (const value of ['false', 'x', 'short-fake-0015']) rejects({ [name]: value }, name, /shorter than 16 characters/)
      for (const value of ['false', 'short-fake-0015'])
        assert.throws(
          () => parse({ [name]: value }),
          (error: Error) => !error.message.includes(value)
        )
    }
    assert.equal(parse({ 'github-token': 'fake-gh-16-chars' }).githubToken, 'fake-gh-16-chars')
  })

  it('never quotes a secret input back in its error', () => {
    const secret = 'fake-secret with space'
    assert.throws(
      () => parse({ 'app-secret': secret }),
      (error: Error) => !error.message.includes(secret)
    )
  })

  it('refuses credentials in a URL before anything that would quote it', () => {
    for (const url of [
      'http://user:fake-pass-1234@graph.example.com',
      'https://user:fake-pass-1234@graph.example.com:99999',
      'user:fake-pass-1234@graph.facebook.com',
      'https://fake-pass-1234@graph.facebook.com',
    ]) {
      rejects({ 'graph-api-url': url }, 'graph-api-url', /must not contain credentials/)
      assert.throws(
        () => parse({ 'graph-api-url': url }),
        (error: Error) => !error.message.includes('fake-pass-1234')
      )
    }
  })

  it('allows plain http only on loopback hosts', () => {
    assert.equal(parse({ 'graph-api-url': 'http://127.0.0.1:8080/' }).graphApiUrl, 'http://127.0.0.1:8080')
    assert.equal(parse({ 'graph-api-url': 'http://localhost:1' }).graphApiUrl, 'http://localhost:1')
    assert.equal(parse({ 'graph-api-url': 'http://[::1]:9' }).graphApiUrl, 'http://[::1]:9')
    rejects({ 'graph-api-url': 'http://10.0.0.1' }, 'graph-api-url')
    rejects({}, 'GITHUB_API_URL', /https/, { GITHUB_API_URL: 'http://ghes.example.com/api/v3', GITHUB_REPOSITORY: 'a/b' })
    assert.equal(
      parse({}, { GITHUB_API_URL: 'https://ghes.example.com/api/v3/', GITHUB_REPOSITORY: 'a/b' }).githubApiUrl,
      'https://ghes.example.com/api/v3'
    )
  })

  it('needs no secret-name or github-token for check and revoke', () => {
    const config = parse({ operation: 'check', 'secret-name': 'IGNORED', 'github-token': '' })
    assert.equal(config.secretName, undefined)
    assert.deepEqual(config.targets, [])
  })

  it('accepts the case-insensitive booleans the runner passes', () => {
    const config = parse({ 'dry-run': 'TRUE', 'revoke-old': 'False' })
    assert.equal(config.dryRun, true)
    assert.equal(config.revokeOld, 'false')
  })
})

describe('the Meta app id: meta-app-id, or app-id by its first name', () => {
  it('takes either name, or both when they agree', () => {
    const cases: Array<Record<string, string>> = [
      { 'app-id': '', 'meta-app-id': '42' },
      { 'app-id': '42' },
      { 'app-id': '42', 'meta-app-id': ' 42 ' },
    ]
    for (const ids of cases) {
      assert.equal(parse(ids).appId, '42', JSON.stringify(ids))
    }
  })
})

describe('secret-targets of only blank and comment lines', () => {
  const commentsOnly = '# octo-org/staging, octo-org/site\n\n   # org:octo-org\n'
  it('mean the calling repository, for an operation that writes and one that does not', () => {
    assert.deepEqual(
      parse({ 'secret-targets': commentsOnly }).targets.map(t => t.label),
      ['octo-org/app']
    )
    assert.deepEqual(parse({ operation: 'check', 'secret-name': '', 'secret-targets': commentsOnly }).targets, [])
    assert.deepEqual(
      parse({ operation: 'check', 'secret-name': '', 'secret-targets': commentsOnly }, {}).targets,
      [],
      'no GITHUB_REPOSITORY needed'
    )
  })
})

describe('parseTargets', () => {
  it('splits on newlines and commas, skips blanks and comments, collapses duplicates', () => {
    const targets = parseTargets('octo-org/app\n# staging next\n\n octo-org/app:prod/eu , org:octo-org,OCTO-ORG/APP', undefined)
    assert.deepEqual(
      targets.map(t => t.label),
      ['octo-org/app', 'octo-org/app:prod/eu', 'org:octo-org']
    )
    assert.deepEqual(targets[1], {
      kind: 'environment',
      owner: 'octo-org',
      repo: 'app',
      environment: 'prod/eu',
      label: 'octo-org/app:prod/eu',
    })
  })

  it('splits an environment target at the first colon only', () => {
    const [target] = parseTargets('o/r:env:with:colons', undefined)
    assert.equal(target.kind === 'environment' && target.environment, 'env:with:colons')
  })

  it('falls back to GITHUB_REPOSITORY, and says so when it is missing', () => {
    assert.deepEqual(
      parseTargets('', 'me/mine').map(t => t.label),
      ['me/mine']
    )
    assert.throws(() => parseTargets('  \n', undefined), /GITHUB_REPOSITORY/)
  })
})

describe('parseRecord', () => {
  const A = 'fake-record-token-aaaaaaaaaaaaaaaa'
  const B = 'fake-record-token-bbbbbbbbbbbbbbbb'
  const OLD = 'fake-record-token-old-0000000000'

  const CASES: Array<{ title: string; raw: string; tokens: string[]; kept: string[]; lines?: number[] }> = [
    { title: 'LF', raw: `${A}\n${B}`, tokens: [A, B], kept: [], lines: [1, 2] },
    { title: 'CRLF', raw: `${A}\r\n${B}`, tokens: [A, B], kept: [], lines: [1, 2] },
    { title: 'a lone CR', raw: `${A}\r${B}`, tokens: [A, B], kept: [], lines: [1, 2] },
    { title: 'blank and # lines dropped, still counted as lines', raw: `\n# note\n${A}`, tokens: [A], kept: [], lines: [3] },
    { title: 'access-token and duplicates once', raw: `${OLD}\n${A}\n${A}`, tokens: [A], kept: [], lines: [2] },
    {
      title: 'lines that cannot be tokens kept as they are',
      raw: `short\n${A}\nwith a space inside`,
      tokens: [A],
      kept: ['short', 'with a space inside'],
    },
    { title: 'surrounding whitespace trimmed', raw: `  ${A}\t`, tokens: [A], kept: [] },
  ]
  for (const c of CASES) {
    it(c.title, () => {
      const record = parseRecord(c.raw, OLD)
      assert.deepEqual(record.tokens, c.tokens)
      assert.deepEqual(record.kept, c.kept)
      assert.equal(record.unusable, c.kept.length)
      if (c.lines)
        assert.deepEqual(
          record.tokens.map(token => record.lineOf.get(token)),
          c.lines
        )
    })
  }

  it(`handles the first ${MAX_RECORD_TOKENS} tokens and keeps the rest as they are`, () => {
    const tokens = Array.from({ length: MAX_RECORD_TOKENS + 3 }, (_, i) => `fake-record-token-${String(i).padStart(16, '0')}`)
    const record = parseRecord(tokens.join('\n'), OLD)
    assert.deepEqual(record.tokens, tokens.slice(0, MAX_RECORD_TOKENS))
    assert.deepEqual(record.overflow, tokens.slice(MAX_RECORD_TOKENS))
    assert.deepEqual(record.kept, tokens.slice(MAX_RECORD_TOKENS))
    const text = recordText('META_ACCESS_TOKEN_PREVIOUS', record.tokens, record.kept)
    assert.equal(text, ['# meta-token-keeper previous-token record: META_ACCESS_TOKEN_PREVIOUS (one token a line)', ...tokens].join('\n'))
    assert.equal(
      recordText('META_ACCESS_TOKEN_PREVIOUS', parseRecord(text, OLD).tokens, record.kept),
      text,
      'a rewrite without changes gives the record back'
    )
    assert.deepEqual(parseRecord(text, OLD).names, ['META_ACCESS_TOKEN_PREVIOUS'], 'the record names itself')
  })
})

describe('one reading of what the workflow reads too (issue 27, item 7)', () => {
  it('refuses an operation that is not exactly one of the names: the workflow compares it untrimmed', () => {
    for (const operation of [' emergency', 'emergency ', 'emergency\n', '\trotate', 'Emergency', 'ROTATE']) {
      rejects({ operation }, 'operation', /must be exactly one of rotate, refresh/)
    }
    assert.equal(parse({ operation: 'emergency', 'system-user-id': '42', scope: 'ads_read' }).operation, 'emergency')
  })

  it('refuses an org-secret-repositories entry whose owner is not the organization of the secret', () => {
    const org = { 'secret-targets': 'org:octo-org', 'org-secret-visibility': 'selected' }
    rejects(
      { ...org, 'org-secret-repositories': 'app\nevil/app' },
      'org-secret-repositories',
      /"evil\/app" belongs to evil, not to octo-org/
    )
    assert.deepEqual(parse({ ...org, 'org-secret-repositories': 'app\nOCTO-ORG/site' }).orgRepositories, ['app', 'OCTO-ORG/site'])
  })
})
