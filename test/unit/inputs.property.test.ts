/**
 * Property-based tests of bad input (issue #4). fast-check throws random and hostile values —
 * line breaks, CR, NUL, RTL and zero-width characters, lone surrogates, values up to 100 kB,
 * workflow commands (`x\n::set-output …`, `%0A`, `::add-mask::`), backticks, Markdown and
 * HTML, `../`, URL-ish strings — at every input, at the items of the `secret-targets` and
 * `org-secret-repositories` lists, and at GITHUB_API_URL and GITHUB_REPOSITORY:
 *
 *   (a) parseConfig returns a Config or throws an InputError that names an input; nothing else;
 *   (b) a Config it returns keeps its invariants;
 *   (c) its messages never quote a secret input, never carry a line break (so never `\n::`),
 *       and stay short however long the input;
 *   (d) main() given bad input makes no network call at all and fails naming the input;
 *   and parseTargets round-trips valid targets and turns any string into well-formed targets
 *   or an InputError naming `secret-targets`.
 *
 * Contract: promise 2 of the contract (README, "Promises"), and the input side of promise 1. The classic
 * hostile values, and every value that once broke a property, run first on every run (fast-check
 * `examples`), so a known bug fails the same way each time; the random runs look further. A
 * random failure prints fast-check's seed and path: pass them to fc.assert to replay it.
 *
 * Secret values here all contain `fakesecret` (and look like no real token): no other value
 * ever does, so finding that word in a message means a secret, or part of one, leaked.
 */
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import fc from 'fast-check'
import { type Dispatcher, getGlobalDispatcher, MockAgent, setGlobalDispatcher } from 'undici'
import { InputError } from '../../src/runtime/errors.ts'
import type { Fetch } from '../../src/runtime/http.ts'
import { OPERATIONS } from '../../src/inputs/catalog.ts'
import type { Config } from '../../src/inputs/config.ts'
import { parseConfig, SECRET_INPUTS } from '../../src/inputs/inputs.ts'
import { type ActionIO, main } from '../../src/main.ts'
import { isSupportedScope, SCOPES } from '../../src/inputs/scopes.ts'
import { parseTarget, parseTargets, type SecretTarget } from '../../src/inputs/secret-targets.ts'
import { parseMarkdown, renderedText, summaryText } from '../helpers/markdown.ts'
import { actionMetadata } from '../helpers/run-action.ts'

/** Runs per property: enough to find something, few enough for a few seconds on every push. */
const RUNS_PER_INPUT = 100
const RUNS_ALL_INPUTS = 300
const RUNS_MAIN = 200

type Inputs = Record<string, string>
type Env = { GITHUB_API_URL?: string; GITHUB_REPOSITORY?: string }

const INPUT_NAMES = Object.keys(actionMetadata.inputs)
/** What an InputError may name: an input of action.yml, or the runner variables read as inputs. */
const DEFAULT_TARGET = 'secret-targets (default: GITHUB_REPOSITORY)'
const NAMEABLE = [...INPUT_NAMES, 'GITHUB_API_URL', DEFAULT_TARGET]
const SECRETS: readonly string[] = SECRET_INPUTS
const SECRET_MARK = 'fakesecret'

// ---------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------

/** The classics: each is tried against every input before the random runs. */
const HOSTILE: readonly string[] = [
  '',
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\0',
  '\u0007',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\u200b',
  '\u200d',
  '\u00ad',
  '\u202e',
  '\u2066',
  'עברית',
  'العربية',
  '😀',
  '\ud800',
  '\u212a' /* Kelvin sign */,
  'x\n::set-output name=rotated::true',
  '\n::add-mask::x',
  '::add-mask::',
  '\r\n::error::pwned',
  '  ::warning::x',
  '%0A::set-output name=revoked::true',
  'x%0D%0A::save-state name=a::b',
  '::stop-commands::pwned',
  '%25',
  '%0A',
  '`',
  '```',
  '$(id)',
  '${{ secrets.META_APP_SECRET }}',
  '**bold**',
  '[link](https://evil.example)',
  '<img src=x onerror=alert(1)>',
  '| a | b |',
  '# heading',
  '\\',
  '"',
  "'",
  '../',
  '../../etc/passwd',
  '..\\..\\',
  '.',
  '..',
  '%2e%2e%2f',
  '/',
  'https://evil.example',
  'http://127.0.0.1:1',
  'javascript:alert(1)',
  'file:///etc/passwd',
  '//evil.example',
  '?',
  '#',
  '?access_token=x',
  ',',
  ', ,',
  '#comment',
  ':',
  'org:',
  'a/b',
  'a/b:c',
  'org:x',
  'true',
  'FALSE',
  '0',
  '-1',
  '1e3',
  '0x10',
  'NaN',
  'Infinity',
  '99999',
  '100000',
]

const hostileSnippet = fc.constantFrom(...HOSTILE)

/** A value of up to 100 kB: one hostile snippet repeated. */
const huge = fc
  .tuple(fc.constantFrom(...HOSTILE.filter(s => s.length > 0)), fc.integer({ min: 4097, max: 100_000 }))
  .map(([snippet, length]) => snippet.repeat(Math.ceil(length / snippet.length)).slice(0, length))

const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileSnippet },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.oneof(hostileSnippet, fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 5 })
      .map(parts => parts.join('')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: huge }
)

/** A valid-looking value, sometimes as is, sometimes with something hostile inside, sometimes replaced. */
function spiced(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    valid,
    fc.tuple(valid, hostileSnippet, fc.nat()).map(([value, snippet, at]) => {
      const i = at % (value.length + 1)
      return value.slice(0, i) + snippet + value.slice(i)
    }),
    hostileText
  )
}

// ---------------------------------------------------------------------------------------------
// Values for each input
// ---------------------------------------------------------------------------------------------

const digits = fc.oneof(fc.stringMatching(/^\d{1,30}$/), fc.constantFrom('١٢٣٤', '１２３', '0x1F', '1e9', '-1', '12 34', '1'.repeat(31)))
const days = fc.oneof(fc.stringMatching(/^\d{1,6}$/), fc.constantFrom('-1', '1.5', '7 days', '1e3', ' 7 '))
const bool = fc.constantFrom('true', 'false', 'TRUE', 'False', ' true ', 'yes', '1', 'on')

const owner = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/)
const repoName = fc.oneof(fc.stringMatching(/^[A-Za-z0-9._-]{1,100}$/), fc.constantFrom('.', '..', '...', '.github', 'a.b', '-'))
/** Environment names GitHub allows: anything printable, `/` and `:` included. */
const environmentName = fc
  .oneof(
    fc.constantFrom(
      'production',
      'prod/eu',
      'env:with:colons',
      '../..',
      'staging #2',
      'a\u202eb',
      'zero\u200bwidth',
      'שלום',
      '😀',
      'x'.repeat(255)
    ),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
  )
  .filter(e => e !== '' && e !== '.' && e !== '..' && e === e.trim() && !/[\p{Cc},]/u.test(e) && [...e].length <= 255)

const targetText = fc.oneof(
  fc.tuple(owner, repoName).map(([o, r]) => `${o}/${r}`),
  fc.tuple(owner, repoName, fc.constantFrom('', ' ', '\t'), spiced(environmentName)).map(([o, r, pad, e]) => `${o}/${r}:${pad}${e}${pad}`),
  fc.tuple(fc.constantFrom('', ' '), owner).map(([pad, o]) => `org:${pad}${o}`)
)
const separator = fc.constantFrom(',', '\n', ' , ', '\r\n', '\n\n', '\n# a comment\n')
const targetList = fc.tuple(fc.array(spiced(targetText), { maxLength: 4 }), separator).map(([items, sep]) => items.join(sep))
const repositoryList = fc
  .tuple(
    fc.array(
      fc.oneof(
        repoName,
        fc.tuple(owner, repoName).map(([o, r]) => `${o}/${r}`)
      ),
      { maxLength: 3 }
    ),
    separator
  )
  .map(([items, sep]) => items.join(sep))
const scopeList = fc
  .tuple(
    fc.array(fc.constantFrom(...Object.keys(SCOPES), 'ADS_READ', 'post_to_everyone', 'constructor', 'pages-show-list'), { maxLength: 4 }),
    fc.constantFrom(',', ', ', '\n')
  )
  .map(([items, sep]) => items.join(sep))
/** required-assets lines: valid ones, and permissions or ids that are not. */
const assetId = fc.oneof(
  fc.stringMatching(/^\d{1,20}$/),
  fc.stringMatching(/^\d{1,20}$/).map(id => `act_${id}`),
  fc.constantFrom('ACT_12', 'act_', 'act_12x', '12 34', '-1', 'act-12', '0x1f', '1e5')
)
const assetLine = fc.oneof(
  fc.constantFrom(...Object.keys(SCOPES), 'ADS_management', 'post_to_everyone', 'constructor'),
  fc
    .tuple(fc.constantFrom(...Object.keys(SCOPES), 'pages_manage', '__proto__'), fc.array(spiced(assetId), { maxLength: 3 }))
    .map(([permission, ids]) => `${permission}: ${ids.join(', ')}`)
)
const assetList = fc
  .tuple(fc.array(spiced(assetLine), { maxLength: 4 }), fc.constantFrom('\n', '\r\n', '\n# a comment\n', '\n\n'))
  .map(([lines, sep]) => lines.join(sep))

const urlish = spiced(
  fc
    .tuple(
      fc.constantFrom('https://', 'http://', 'HTTPS://', 'ftp://', 'javascript:', 'file://', '//', ''),
      fc.constantFrom(
        'graph.facebook.com',
        'api.github.com',
        'ghes.example.com',
        'localhost',
        'LOCALHOST',
        'localhost.',
        '127.0.0.1',
        '127.1',
        '127.255.255.254',
        '2130706433',
        '[::1]',
        '[0:0:0:0:0:0:0:1]',
        '[::ffff:127.0.0.1]',
        '0.0.0.0',
        '10.0.0.1',
        'localhost.evil.example',
        '127.0.0.1.nip.io',
        'user:pw@evil.example',
        'graph.facebook.com@evil.example',
        'пример.рф',
        'xn--e1afmkfd.xn--p1ai',
        ''
      ),
      fc.constantFrom('', ':8080', ':0', ':65536', ':x'),
      fc.constantFrom('', '/', '//', '/api/v3', '/api/v3/', '/../x', '/%2e%2e/', '/a b', '/\u202e'),
      fc.constantFrom('', '', '', '?', '#', '?x=1', '#frag', '?access_token=x')
    )
    .map(parts => parts.join(''))
)

/**
 * Secret values: `fakesecret` plus a realistic tail or a hostile one, sometimes padded with
 * whitespace (which the action trims), sometimes empty.
 */
const secretValue = fc
  .tuple(
    fc.constantFrom('', '', ' ', '\n', '\t'),
    fc.stringMatching(/^[0-9a-f]{12}$/),
    fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{0,300}$/), hostileText),
    fc.constantFrom('', '', ' ', '\n')
  )
  .map(([before, id, tail, afterwards]) => `${before}${SECRET_MARK}${id}${tail}${afterwards}`)
/** Too short to be a secret: refused, and never masked (what `${{ cond && secrets.X }}` gives when cond does not hold). */
const shortValue = fc.oneof(fc.constantFrom('false', 'true', '0', ' false\n'), fc.stringMatching(/^[A-Za-z0-9-]{1,15}$/))
const secretInput = fc.oneof(
  { weight: 6, arbitrary: secretValue },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: shortValue }
)

const VALUES: Record<string, fc.Arbitrary<string>> = {
  operation: spiced(fc.constantFrom(...OPERATIONS, 'ROTATE', 'Check', 'install_app', '')),
  'meta-app-id': spiced(fc.oneof(digits, fc.constant(''))),
  'app-id': spiced(digits),
  'app-secret': secretInput,
  'access-token': secretInput,
  'revoke-token': secretInput,
  'admin-token': secretInput,
  'system-user-id': spiced(digits),
  scope: spiced(scopeList),
  expiring: spiced(bool),
  'secret-name': spiced(
    fc.oneof(
      fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,40}$/),
      fc.constantFrom('META_ACCESS_TOKEN', 'GITHUB_TOKEN_COPY', 'github_x', '1TOKEN', 'META-TOKEN')
    )
  ),
  'secret-targets': spiced(targetList),
  'org-secret-visibility': spiced(fc.constantFrom('all', 'private', 'selected', 'SELECTED', ' Private ', 'public', 'internal')),
  'org-secret-repositories': spiced(repositoryList),
  'github-token': secretInput,
  'renew-before-days': spiced(days),
  'min-days-remaining': spiced(days),
  'revoke-old': spiced(fc.constantFrom('true', 'false', 'deferred', 'Deferred', 'TRUE', ' false ', 'yes', 'later')),
  'previous-token': fc
    .array(fc.oneof(secretValue, fc.constantFrom('', '# a comment', 'short', 'has a space inside it')), { maxLength: 4 })
    .map(lines => lines.join('\n')),
  'previous-secret-name': spiced(
    fc.oneof(fc.constant(''), fc.constantFrom('META_ACCESS_TOKEN_PREVIOUS', 'OLD_TOKENS', 'META-OLD', 'GITHUB_OLD'))
  ),
  'deploy-workflows': spiced(
    fc.constantFrom(
      '',
      'octo-org/site/.github/workflows/deploy.yml@main',
      'octo-org/site/deploy.yml',
      'a/b/.github/workflows/x.yaml@refs/heads/main'
    )
  ),
  'deploy-timeout-minutes': spiced(fc.constantFrom('', '30', '45', '46', '0', '0.5', 'soon')),
  'dry-run': spiced(bool),
  drill: spiced(bool),
  'required-assets': spiced(assetList),
  'probe-assets': spiced(bool),
  'graph-api-version': spiced(fc.oneof(fc.stringMatching(/^v\d{1,4}\.\d{1,3}$/), fc.constantFrom('v27.0', '27.0', 'V27.0', 'v27'))),
  'graph-api-url': urlish,
  'request-timeout-seconds': spiced(
    fc.oneof(
      fc.stringMatching(/^\d{1,4}(?:\.\d{1,6})?$/),
      fc.constantFrom('30', '600', '600.0', '601', '0', '0.0001', '.5', '5.', '1e2', 'Infinity')
    )
  ),
  'parallel-jobs': spiced(fc.oneof(fc.stringMatching(/^\d{1,4}$/), fc.constantFrom('', '1', '4', '80', '81', '0', '2.5', '-1', 'four'))),
}
const ENV_VALUES = {
  GITHUB_API_URL: fc.option(urlish, { nil: undefined }),
  GITHUB_REPOSITORY: fc.option(spiced(targetText), { nil: undefined }),
}

/**
 * One valid set of inputs for every operation (each operation ignores what it does not use),
 * with an organization target so that the org-secret inputs are checked too.
 */
const VALID: Inputs = {
  operation: 'rotate',
  'meta-app-id': '',
  'app-id': '1234567890',
  'app-secret': `${SECRET_MARK}000000000001-app-secret`,
  'access-token': `${SECRET_MARK}000000000002-access-token`,
  'revoke-token': '',
  'admin-token': '',
  'system-user-id': '42',
  scope: 'ads_management,business_management',
  expiring: 'true',
  'secret-name': 'META_ACCESS_TOKEN',
  'secret-targets': 'octo-org/app\norg:octo-org',
  'org-secret-visibility': 'selected',
  'org-secret-repositories': 'app, octo-org/site',
  'github-token': `${SECRET_MARK}000000000003-github-token`,
  'renew-before-days': '',
  'min-days-remaining': '7',
  'revoke-old': 'true',
  'previous-token': '',
  'previous-secret-name': '',
  'deploy-workflows': '',
  'deploy-timeout-minutes': '30',
  'dry-run': 'false',
  drill: 'false',
  'required-assets': 'ads_management: act_1234567890, 987654321\nbusiness_management',
  'probe-assets': 'false',
  'graph-api-version': 'v27.0',
  'graph-api-url': 'https://graph.facebook.com',
  'request-timeout-seconds': '30',
  'parallel-jobs': '1',
}
const VALID_ENV: Env = { GITHUB_REPOSITORY: 'octo-org/app' }

/** Values that broke a property once, tried first (with the classics) for their input. */
const REGRESSIONS: Record<string, string[]> = {
  'graph-api-url': ['https://graph.facebook.com/?', 'https://graph.facebook.com/#', 'http://127.0.0.1:8080/?'],
  GITHUB_API_URL: ['https://ghes.example.com/api/v3?', 'https://api.github.com/#'],
  'org-secret-repositories': ['..', 'octo-org/..', '.'],
  'secret-targets': ['octo-org/app:..', 'octo-org/app: .'],
  'request-timeout-seconds': ['0.0001', '0.0004'],
  // Invisible characters pasted along with a secret (zero-width space, soft hyphen, ESC).
  'app-secret': [`${SECRET_MARK}000000000009\u200b`, `${SECRET_MARK}000000000009\u001b[0m`],
  'access-token': [`${SECRET_MARK}000000000009\u00ad`, `${SECRET_MARK}000000000009\u200b`],
  'revoke-token': [`${SECRET_MARK}000000000009\u200b`],
  'github-token': [`\u200b${SECRET_MARK}000000000009`],
  // GITHUB_REPOSITORY is taken as one target, not as a list: a comma stays in the label.
  GITHUB_REPOSITORY: ['octo-org/app:a,b'],
}

/** fast-check counts `examples` as runs: these random runs come on top of them. */
function runs<T>(numRuns: number, examples: T[] = []): { numRuns: number; examples: T[] } {
  return { numRuns: numRuns + examples.length, examples }
}

function readerOf(inputs: Inputs): (name: string) => string {
  return name => inputs[name] ?? ''
}

function tryParse(inputs: Inputs, env: Env): Config | unknown {
  try {
    const config = parseConfig(readerOf(inputs), env)
    // The emergency reports a bad replacement setting after its revokes: that report must name the input too.
    return config.deferredProblems[0] ?? config
  } catch (error) {
    return error
  }
}

function isConfig(value: unknown): value is Config {
  return typeof value === 'object' && value !== null && !(value instanceof Error) && 'operation' in value
}

function show(value: string): string {
  return JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}…(${value.length} chars)` : value)
}

// ---------------------------------------------------------------------------------------------
// The properties, as assertions
// ---------------------------------------------------------------------------------------------

/** (a): an InputError, naming one of `allowed`, and the message says so first. */
function assertNamesInput(error: unknown, allowed: readonly string[]): asserts error is InputError {
  assert.ok(
    error instanceof InputError,
    `expected an InputError, got ${error instanceof Error ? `${error.name}: ${show(error.message)}` : show(String(error))}`
  )
  assert.ok(
    allowed.includes(error.input),
    `the error names ${show(error.input)}, expected one of ${allowed.join(', ')}: ${show(error.message)}`
  )
  assert.ok(error.message.startsWith(`Input \`${error.input}\`: `), `the message names the input first: ${show(error.message)}`)
}

/** The forms in which a secret could show up (as test/helpers/leak-scan.ts looks for them). */
function secretForms(value: string): string[] {
  const forms = [value, Buffer.from(value).toString('base64'), JSON.stringify(value).slice(1, -1)]
  try {
    forms.push(encodeURIComponent(value))
  } catch {
    // A lone surrogate has no URL encoding.
  }
  return forms
}

/** (c): no secret input, whole or in part; no line break; so no workflow command on a line of its own. */
function assertSafeMessage(message: string, inputs: Inputs): void {
  assert.ok(!message.includes(SECRET_MARK), `the message quotes a secret input (or part of one): ${show(message)}`)
  for (const name of SECRETS) {
    const value = (inputs[name] ?? '').trim()
    if (value.length < 8) continue
    for (const form of secretForms(value)) assert.ok(!message.includes(form), `the message holds the value of \`${name}\``)
  }
  assert.doesNotMatch(message, /[\r\n]/, `the message holds a raw line break: ${show(message)}`)
}

const OWNER = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/
const REPO = /^[A-Za-z0-9._-]{1,100}$/

/** A target as GitHub can hold it, whose label parses back to the same target. */
function assertWellFormedTarget(target: SecretTarget): void {
  const where = `target ${show(target.label)}`
  if (target.kind === 'organization') {
    assert.match(target.org, OWNER, where)
    assert.equal(target.label, `org:${target.org}`, where)
  } else {
    assert.match(target.owner, OWNER, where)
    assert.match(target.repo, REPO, where)
    assert.ok(target.repo !== '.' && target.repo !== '..', `${where}: a repository cannot be named . or ..`)
    if (target.kind === 'repository') {
      assert.equal(target.label, `${target.owner}/${target.repo}`, where)
    } else {
      const env = target.environment
      assert.ok(
        env !== '' && env === env.trim() && [...env].length <= 255,
        `${where}: environment name non-empty, trimmed, at most 255 characters`
      )
      assert.doesNotMatch(env, /[\p{Cc},]/u, `${where}: environment name without control characters or commas`)
      // encodeURIComponent leaves dots alone: /environments/../secrets would become /secrets.
      assert.ok(
        env !== '.' && env !== '..',
        `${where}: an environment named . or .. is a dot segment in /repos/{owner}/{repo}/environments/{name}/…`
      )
      assert.equal(target.label, `${target.owner}/${target.repo}:${env}`, where)
    }
  }
  assert.deepEqual(parseTarget(target.label), target, `${where} parses back to itself`)
  assert.deepEqual(parseTargets(target.label, undefined), [target], `${where} parses back to itself as a list`)
}

function assertWellFormedTargets(targets: SecretTarget[]): void {
  for (const target of targets) assertWellFormedTarget(target)
  const keys = targets.map(t => t.label.toLowerCase())
  assert.equal(new Set(keys).size, keys.length, `duplicate targets: ${show(keys.join(' '))}`)
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

/** https, or http on a loopback host; no credentials, query string or fragment, not even empty ones. */
function assertBaseUrl(name: string, value: string): void {
  const url = new URL(value)
  assert.ok(
    url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname)),
    `${name} ${show(value)} is https, or http on a loopback host`
  )
  assert.ok(url.username === '' && url.password === '', `${name} ${show(value)} carries no credentials`)
  assert.ok(
    !value.includes('?') && !value.includes('#'),
    `${name} ${show(value)} carries no query string or fragment, not even an empty one (paths would end up after it)`
  )
  assert.ok(!value.endsWith('/'), `${name} ${show(value)} has no trailing slash`)
}

/** Characters no token holds and no one can see: control and invisible formatting characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/u

function assertSecretValue(name: string, value: string | undefined, raw: string): void {
  if (value === undefined) return
  assert.equal(value, raw.trim(), `\`${name}\` is the trimmed input`)
  assert.ok(
    value.length >= 16 && value.length <= 4096 && !/\s/.test(value),
    `\`${name}\` is 16 to 4096 characters long, without whitespace`
  )
  const bad = INVISIBLE.exec(value)
  assert.equal(
    bad,
    null,
    `\`${name}\` holds U+${bad?.[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}, an invisible character no token contains (a paste error); it passed validation and fails later as a "network error" or at Meta`
  )
}

/** (b): what a returned Config promises. */
function assertConfigInvariants(config: Config, inputs: Inputs, env: Env): void {
  const raw = (name: string) => inputs[name] ?? ''
  const given = (name: string) => raw(name).trim()
  assert.ok(OPERATIONS.includes(config.operation))
  assert.equal(config.operation, given('operation').toLowerCase() || 'rotate', 'operation as given (any case), rotate by default')
  assert.match(config.appId, /^\d{1,30}$/, 'meta-app-id (or app-id): digits')
  assert.equal(config.appId, given('meta-app-id') || given('app-id'), 'meta-app-id, or else app-id')
  if (given('meta-app-id') !== '' && given('app-id') !== '') assert.equal(given('meta-app-id'), given('app-id'), 'both names agree')

  assertSecretValue('app-secret', config.appSecret, raw('app-secret'))
  const asAdmin = config.operation === 'generate' || config.operation === 'install-app'
  if (asAdmin) {
    // The admin token comes in either input (the same token when both are given).
    assert.ok(config.adminToken, `${config.operation} has an admin token`)
    assert.equal(config.accessToken, config.adminToken, `${config.operation} calls as the admin token`)
    assertSecretValue(config.adminTokenInput, config.adminToken, raw(config.adminTokenInput))
  } else {
    assertSecretValue('access-token', config.accessToken, raw('access-token'))
    const takesAdmin = config.operation === 'emergency' || config.operation === 'doctor'
    assert.equal(config.adminToken, takesAdmin ? raw('admin-token').trim() || undefined : undefined)
  }
  if (config.operation === 'emergency') assert.notEqual(config.adminToken, config.accessToken, 'the leaked token is never the admin token')
  assertSecretValue('github-token', config.githubToken, raw('github-token'))
  if (raw('revoke-token').trim() === '') assert.equal(config.revokeToken, config.accessToken, 'revoke-token defaults to access-token')
  else assertSecretValue('revoke-token', config.revokeToken, raw('revoke-token'))

  if (config.systemUserId !== undefined) assert.match(config.systemUserId, /^\d{1,30}$/, 'system-user-id: digits')
  if (config.operation === 'emergency' || config.operation === 'doctor') {
    // A bad replacement setting never holds back the revocation (the doctor reports it as a finding).
    const usable = /^\d{1,30}$/.test(given('system-user-id')) && config.scopes.length > 0
    if (config.adminToken && !usable) assert.ok(config.replacementProblem, 'a replacement that cannot be made is a problem to report')
    if (config.replacementProblem) assert.ok(config.adminToken, 'a problem only when a replacement was asked for')
    if (config.operation === 'emergency') assert.equal(config.expiring, true, 'the replacement is a 60-day token')
  } else {
    assert.equal(config.replacementProblem, undefined)
    assert.equal(config.systemUserId, given('system-user-id') || undefined)
  }
  if (config.operation === 'generate' || config.operation === 'install-app')
    assert.ok(config.systemUserId, `system-user-id is set for ${config.operation}`)
  if (config.operation === 'generate') {
    assert.ok(config.scopes.length > 0, 'generate has scopes')
    for (const scope of config.scopes) assert.match(scope, /^[a-z][a-z0-9_]*$/, `scope ${show(scope)} is a permission name`)
  }

  if (config.secretName !== undefined) {
    // https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions#naming-your-secrets
    assert.match(config.secretName, /^[A-Za-z_][A-Za-z0-9_]*$/, 'secret-name: letters, digits and _, not starting with a digit')
    assert.doesNotMatch(config.secretName, /^GITHUB_/i, 'secret-name: not starting with GITHUB_')
    assert.ok(
      ['rotate', 'refresh', 'generate', 'retire', 'emergency', 'doctor'].includes(config.operation),
      `no secret is written (or, by the doctor, read) by ${config.operation}`
    )
    assert.ok(config.targets.length > 0, 'a secret to write has somewhere to go')
    // The doctor reports a missing GitHub token as a finding of its own.
    if (config.operation !== 'doctor') assert.ok(config.githubToken, 'a secret to write comes with a github-token')
  } else {
    assert.notEqual(config.operation, 'rotate', 'rotate always has a secret-name')
    assert.deepEqual(config.targets, [], 'no secret, no targets')
  }
  assertWellFormedTargets(config.targets)
  if (config.secretName !== undefined && raw('secret-targets').trim() === '') {
    assert.equal(config.targets.length, 1, 'an empty secret-targets means GITHUB_REPOSITORY alone')
    assert.ok(env.GITHUB_REPOSITORY?.trim(), 'GITHUB_REPOSITORY was there to fall back on')
  }

  assert.ok(
    [undefined, 'all', 'private', 'selected'].includes(config.orgVisibility),
    `org-secret-visibility ${show(String(config.orgVisibility))}`
  )
  for (const repository of config.orgRepositories) {
    assert.match(
      repository,
      /^(?:[A-Za-z0-9][A-Za-z0-9-]{0,38}\/)?[A-Za-z0-9._-]{1,100}$/,
      `org-secret-repositories item ${show(repository)}`
    )
    const name = repository.slice(repository.indexOf('/') + 1)
    assert.ok(
      name !== '.' && name !== '..',
      `org-secret-repositories item ${show(repository)}: a repository cannot be named . or .. (the name goes into GET /repos/{owner}/{repo})`
    )
  }
  if (config.orgRepositories.length > 0) assert.equal(config.orgVisibility, 'selected', 'repositories only with visibility selected')

  for (const [name, value, fallback] of [
    ['renew-before-days', config.renewBeforeDays, undefined],
    ['min-days-remaining', config.minDaysRemaining, 7],
  ] as const) {
    if (given(name) === '') assert.equal(value, fallback, `${name} defaults to ${fallback}`)
    else
      assert.ok(
        /^\d+$/.test(given(name)) && value === Number(given(name)),
        `${name}: ${show(given(name))} is a whole number of days, read as ${value}`
      )
  }
  for (const [name, value, fallback] of [
    ['expiring', config.operation === 'emergency' ? undefined : config.expiring, true],
    ['dry-run', config.dryRun, false],
    ['drill', config.drill, false],
  ] as const) {
    if (value === undefined) continue
    if (given(name) === '') assert.equal(value, fallback, `${name} defaults to ${fallback}`)
    else
      assert.ok(
        /^(?:true|false)$/i.test(given(name)) && value === /^true$/i.test(given(name)),
        `${name}: ${show(given(name))} is true or false, read as ${value}`
      )
  }
  assert.equal(config.revokeOld, given('revoke-old').toLowerCase() || 'true', 'revoke-old is true, false or deferred')
  if (config.deployWorkflows.length > 0)
    assert.ok(['rotate', 'emergency', 'doctor'].includes(config.operation), 'deploy workflows only for rotate, emergency and doctor')
  assert.ok(config.deployTimeoutMs > 0 && config.deployTimeoutMs <= 45 * 60_000, 'deploy-timeout-minutes above 0, at most 45')
  for (const token of config.previousTokens) {
    assert.ok(
      token.length >= 16 && !/\s/.test(token) && token !== config.accessToken,
      'a record token can be a token and is not access-token'
    )
  }
  for (const requirement of config.requiredAssets) {
    assert.ok(isSupportedScope(requirement.permission), `required-assets: ${show(requirement.permission)} is a permission of the table`)
    for (const id of requirement.ids) {
      assert.match(id.raw, /^(?:act_)?\d{1,30}$/, `required-assets id ${show(id.raw)}: digits, or act_ and digits`)
      assert.equal(id.key, id.raw.replace(/^act_/, ''), 'an id is compared without act_')
    }
    if (config.operation === 'generate')
      assert.ok(config.scopes.includes(requirement.permission), 'generate asks for every required permission')
  }
  if (config.probeAssets)
    assert.ok(
      config.requiredAssets.some(r => r.ids.length > 0),
      'probe-assets has ids to probe'
    )
  assert.match(config.graphApiVersion, /^v\d+\.\d+$/, 'graph-api-version like v27.0')
  assert.equal(config.graphApiVersion, given('graph-api-version') || 'v27.0')
  assert.equal(config.orgVisibility, given('org-secret-visibility').toLowerCase() || undefined)
  if (config.secretName !== undefined) assert.equal(config.secretName, given('secret-name'))

  assertBaseUrl('graph-api-url', config.graphApiUrl)
  assertBaseUrl('GITHUB_API_URL', config.githubApiUrl)
  const again = tryParse({ ...inputs, 'graph-api-url': config.graphApiUrl }, { ...env, GITHUB_API_URL: config.githubApiUrl })
  assert.ok(isConfig(again), 'the validated URLs validate again')
  assert.equal(again.graphApiUrl, config.graphApiUrl, 'graph-api-url validates to itself')
  assert.equal(again.githubApiUrl, config.githubApiUrl, 'GITHUB_API_URL validates to itself')

  assert.ok(
    Number.isInteger(config.requestTimeoutMs) && config.requestTimeoutMs >= 1 && config.requestTimeoutMs <= 600_000,
    `request-timeout-seconds ${show(raw('request-timeout-seconds'))} gives a time limit of ${config.requestTimeoutMs} ms; expected 1 ms to 600 s`
  )
  assert.ok(
    Number.isInteger(config.parallelJobs) && config.parallelJobs >= 1 && config.parallelJobs <= 80,
    `parallel-jobs ${show(raw('parallel-jobs'))} gives ${config.parallelJobs} jobs; expected 1 to 80`
  )
}

// ---------------------------------------------------------------------------------------------
// parseConfig
// ---------------------------------------------------------------------------------------------

/** Which inputs an error may blame when exactly one input (or variable) differs from VALID. */
function blameFor(field: string): string[] {
  if (field === 'GITHUB_REPOSITORY') return [DEFAULT_TARGET, 'secret-targets']
  // For generate, a scope without a permission that required-assets needs is refused there.
  if (field === 'scope') return ['scope', 'required-assets']
  // An empty app-id leaves no Meta app id at all: the error names the preferred input.
  if (field === 'app-id') return ['app-id', 'meta-app-id']
  // Another organization in secret-targets than the owner of an org-secret-repositories entry: that entry is refused.
  if (field === 'secret-targets') return ['secret-targets', 'org-secret-repositories']
  return [field]
}

describe('parseConfig on hostile input', () => {
  it('(a, c) returns a Config or throws an InputError naming an input, with a safe message — every input hostile at once', () => {
    fc.assert(
      fc.property(fc.record(VALUES), fc.record(ENV_VALUES, { requiredKeys: [] }), (inputs, env) => {
        const result = tryParse(inputs, env)
        if (isConfig(result)) return
        assertNamesInput(result, NAMEABLE)
        assertSafeMessage(result.message, inputs)
      }),
      { numRuns: RUNS_ALL_INPUTS }
    )
  })

  // One input (or variable) at a time, the others valid: an error must blame that input, and a
  // Config must keep every invariant. Each input is its own test, so a failure says which.
  const fields = [...INPUT_NAMES, 'GITHUB_API_URL', 'GITHUB_REPOSITORY']
  for (const field of fields) {
    it(`(a, b, c) ${field}: blamed by name when bad, and a Config keeps its invariants when accepted`, () => {
      const isEnv = field === 'GITHUB_API_URL' || field === 'GITHUB_REPOSITORY'
      const values = isEnv ? ENV_VALUES[field as keyof Env] : VALUES[field]
      assert.ok(values, `a generator for ${field}`)
      const secret = SECRETS.includes(field)
      const classics = (secret ? HOSTILE.map(h => `${SECRET_MARK}0000000000aa${h}`) : HOSTILE) as Array<string | undefined>
      const examples = [...(REGRESSIONS[field] ?? []), ...classics].map(value => ['rotate', value] as [string, string | undefined])
      fc.assert(
        fc.property(fc.constantFrom(...OPERATIONS), values as fc.Arbitrary<string | undefined>, (operation, value) => {
          // The GITHUB_REPOSITORY fallback only applies when secret-targets is empty.
          const inputs: Inputs = { ...VALID, operation, ...(field === 'GITHUB_REPOSITORY' ? { 'secret-targets': '' } : {}) }
          const env: Env = { ...VALID_ENV }
          if (isEnv) env[field as keyof Env] = value
          else inputs[field] = value ?? ''
          const result = tryParse(inputs, env)
          if (isConfig(result)) {
            assertConfigInvariants(result, inputs, env)
          } else {
            assertNamesInput(result, blameFor(field))
            assertSafeMessage(result.message, inputs)
          }
        }),
        runs(RUNS_PER_INPUT, examples)
      )
    })
  }

  it('(c) keeps error messages short (at most 2,000 characters), however long the input', () => {
    const longValue = fc.tuple(fc.constantFrom(...INPUT_NAMES.filter(n => !SECRETS.includes(n))), huge)
    fc.assert(
      fc.property(longValue, ([field, value]) => {
        const result = tryParse({ ...VALID, operation: 'generate', [field]: value }, VALID_ENV)
        if (isConfig(result)) return
        assertNamesInput(result, blameFor(field))
        assert.ok(
          result.message.length <= 2000,
          `a ${value.length}-character \`${field}\` gives a ${result.message.length}-character message: ${show(result.message)}`
        )
      }),
      runs(RUNS_PER_INPUT, [[['scope', 'x,'.repeat(50_000)] as [string, string]]])
    )
  })
})

// ---------------------------------------------------------------------------------------------
// parseTargets
// ---------------------------------------------------------------------------------------------

interface TargetSpec {
  kind: SecretTarget['kind']
  owner: string
  repo: string
  environment: string
  /** Written in upper case: the same target for the duplicate rule, if it is a duplicate. */
  shout: boolean
}

const targetSpec: fc.Arbitrary<TargetSpec> = fc
  .record({
    kind: fc.constantFrom('repository', 'environment', 'organization'),
    owner,
    repo: repoName.filter(r => r !== '.' && r !== '..'),
    environment: environmentName,
    shout: fc.constant(false),
  })
  .filter(spec => isUsableSpec({ ...spec, shout: true }))

/** The target a spec means, as the parser should build it. */
function expectedTarget(spec: TargetSpec): SecretTarget {
  const owner = spec.shout ? spec.owner.toUpperCase() : spec.owner
  const repo = spec.shout ? spec.repo.toUpperCase() : spec.repo
  const environment = spec.shout ? spec.environment.toUpperCase() : spec.environment
  if (spec.kind === 'organization') return { kind: 'organization', org: owner, label: `org:${owner}` }
  if (spec.kind === 'repository') return { kind: 'repository', owner, repo, label: `${owner}/${repo}` }
  return { kind: 'environment', owner, repo, environment, label: `${owner}/${repo}:${environment}` }
}

function isUsableSpec(spec: TargetSpec): boolean {
  // Upper case can stretch a name (ß -> SS) or change it in other ways; keep the specs whose
  // shouted environment name is still one GitHub allows.
  const target = expectedTarget(spec)
  return target.kind !== 'environment' || (target.environment === target.environment.trim() && [...target.environment].length <= 255)
}

/**
 * Lines of targets drawn from a small pool, each mention in either case, so that duplicates
 * (the same target, in another case) are common.
 */
const targetLines = fc.array(targetSpec, { minLength: 1, maxLength: 4 }).chain(pool =>
  fc
    .array(fc.array(fc.record({ pick: fc.nat(pool.length - 1), shout: fc.boolean() }), { minLength: 1, maxLength: 3 }), {
      minLength: 1,
      maxLength: 5,
    })
    .map(lines => lines.map(line => line.map(({ pick, shout }) => ({ ...pool[pick], shout }))))
)

/** One line of the list as a user might write it: padded (after the colon too), comma-separated. */
function targetLine(specs: TargetSpec[], pad: string): string {
  return specs.map(spec => `${pad}${expectedTarget(spec).label.replace(':', `:${pad}`)}${pad}`).join(',')
}

/** The first of each case-insensitive label, in order (the spec's duplicate rule). */
function distinct(targets: SecretTarget[]): SecretTarget[] {
  const seen = new Set<string>()
  return targets.filter(t => !seen.has(t.label.toLowerCase()) && seen.add(t.label.toLowerCase()))
}

describe('parseTargets on hostile input', () => {
  it('parses valid targets, in any layout, to exactly those targets, duplicates collapsed', () => {
    const layout = fc.record({
      lines: targetLines,
      pad: fc.constantFrom('', ' ', '\t', '  '),
      eol: fc.constantFrom('\n', '\r\n', '\n\n', '\n# not a target\n', ',\n'),
    })
    fc.assert(
      fc.property(layout, ({ lines, pad, eol }) => {
        const text = lines.map(specs => targetLine(specs, pad)).join(eol)
        const parsed = parseTargets(text, undefined)
        assert.deepEqual(parsed, distinct(lines.flat().map(expectedTarget)))
        assertWellFormedTargets(parsed)
        assert.deepEqual(
          parseTargets(parsed.map(t => t.label).join('\n'), undefined),
          parsed,
          'the labels, one a line, parse to the same targets'
        )
      }),
      { numRuns: 200 }
    )
  })

  it('drops a commented-out line whole, commas and all', () => {
    const layout = targetLines.chain(lines =>
      fc.tuple(...lines.map(specs => fc.record({ commented: fc.boolean(), specs: fc.constant(specs) })))
    )
    const site: TargetSpec = { kind: 'repository', owner: 'octo-org', repo: 'site', environment: 'x', shout: false }
    const blog: TargetSpec = { ...site, repo: 'blog' }
    const app: TargetSpec = { ...site, repo: 'app' }
    fc.assert(
      fc.property(layout, lines => {
        const text = lines.map(line => `${line.commented ? '# ' : ''}${targetLine(line.specs, ' ')}`).join('\n')
        const expected = distinct(lines.filter(line => !line.commented).flatMap(line => line.specs.map(expectedTarget)))
        if (expected.length === 0) return // nothing left: the GITHUB_REPOSITORY fallback, tested elsewhere
        assert.deepEqual(
          parseTargets(text, undefined).map(t => t.label),
          expected.map(t => t.label),
          `a target on a line starting with # is written anyway:\n${text}`
        )
      }),
      runs(100, [
        [
          [
            { commented: true, specs: [site, blog] },
            { commented: false, specs: [app] },
          ],
        ],
      ])
    )
  })

  it('turns any string into well-formed targets, or throws an InputError naming secret-targets', () => {
    const controlInEnvironment = fc
      .tuple(owner, repoName, environmentName, fc.constantFrom('\0', '\t', '\r', '\u0007', '\u001b', '\u007f', '\u0085'), fc.nat())
      .map(([o, r, env, control, at]) => `${o}/${r}:${env.slice(0, at % env.length)}${control}${env.slice(at % env.length)}x`)
    const anyList = fc.oneof(targetList, controlInEnvironment, hostileText, fc.string({ unit: 'binary', maxLength: 200 }))
    fc.assert(
      fc.property(anyList, text => {
        let targets: SecretTarget[]
        try {
          targets = parseTargets(text, undefined)
        } catch (error) {
          assertNamesInput(error, ['secret-targets'])
          assertSafeMessage(error.message, {})
          return
        }
        assert.ok(targets.length > 0)
        assertWellFormedTargets(targets)
      }),
      runs(300, [['octo-org/app:..'], ...HOSTILE.map(h => [h])])
    )
  })

  it('turns any GITHUB_REPOSITORY into a well-formed default target, or throws an InputError naming it', () => {
    fc.assert(
      fc.property(spiced(targetText), repository => {
        let targets: SecretTarget[]
        try {
          targets = parseTargets('', repository)
        } catch (error) {
          assertNamesInput(error, repository ? [DEFAULT_TARGET] : ['secret-targets'])
          assertSafeMessage(error.message, {})
          return
        }
        assert.equal(targets.length, 1)
        assertWellFormedTargets(targets)
      }),
      runs(200, [['octo-org/app:a,b'], ...HOSTILE.map(h => [h])])
    )
  })
})

// ---------------------------------------------------------------------------------------------
// main(): no network call on bad input
// ---------------------------------------------------------------------------------------------

/**
 * Every way out of the process, recorded: a loopback HTTP server that logs each connection and
 * request (graph-api-url and GITHUB_API_URL point at it), the fetch handed to main() (every Graph
 * call, whatever its host), and an undici MockAgent installed as the global dispatcher with
 * network access disabled except to that server (every request of Node's fetch and of Octokit,
 * whatever its host; anything but the server is refused, so nothing leaves the machine).
 */
class NetworkRecorder {
  /** Fetches, connections and requests at the server, in the order they happened. */
  private readonly log: string[] = []
  url = ''
  private readonly server = createServer((request, response) => {
    this.log.push(`server ${request.method} ${request.url}`)
    response.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"the recorder answers nothing"}')
  })
  private readonly agent = new MockAgent({ enableCallHistory: true })
  private previous: Dispatcher | undefined

  readonly fetch: Fetch = (url, init) => {
    this.log.push(`fetch ${url}`)
    return globalThis.fetch(url, init)
  }

  async start(): Promise<void> {
    this.server.on('connection', () => this.log.push('server connection'))
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve))
    const { port } = this.server.address() as AddressInfo
    this.url = `http://127.0.0.1:${port}`
    this.agent.disableNetConnect()
    this.agent.enableNetConnect(`127.0.0.1:${port}`)
    this.previous = getGlobalDispatcher()
    setGlobalDispatcher(this.agent)
  }

  async stop(): Promise<void> {
    if (this.previous) setGlobalDispatcher(this.previous)
    await this.agent.close()
    this.server.closeAllConnections()
    await new Promise(resolve => this.server.close(resolve))
  }

  private dispatched(): string[] {
    return (
      this.agent
        .getCallHistory()
        ?.calls()
        .map(call => `dispatched ${call.method} ${call.fullUrl}`) ?? []
    )
  }

  /** Where the record stands now. */
  mark(): { log: number; dispatched: number } {
    return { log: this.log.length, dispatched: this.dispatched().length }
  }

  /** Everything recorded since `mark`, one line each. */
  since(mark: { log: number; dispatched: number }): string[] {
    return [...this.log.slice(mark.log), ...this.dispatched().slice(mark.dispatched)]
  }
}

interface IOEvent {
  kind: 'mask' | 'output' | 'info' | 'warning' | 'failed' | 'summary'
  text: string
}

function recordingIO(inputs: Inputs): { io: ActionIO; events: IOEvent[] } {
  const events: IOEvent[] = []
  const io: ActionIO = {
    getInput: name => inputs[name] ?? '',
    setSecret: value => events.push({ kind: 'mask', text: value }),
    setOutput: (name, value) => events.push({ kind: 'output', text: `${name}=${value}` }),
    info: message => events.push({ kind: 'info', text: message }),
    debug: message => events.push({ kind: 'info', text: message }),
    isDebug: () => true,
    group: (_name, work) => work(),
    warning: message => events.push({ kind: 'warning', text: message }),
    setFailed: message => events.push({ kind: 'failed', text: message }),
    writeSummary: async markdown => {
      events.push({ kind: 'summary', text: markdown })
    },
  }
  return { io, events }
}

/**
 * main() gets its inputs from INPUT_* environment variables, which Node decodes as UTF-8: a lone
 * surrogate cannot arrive there (it comes as U+FFFD). Hand main() only what it can be given.
 */
function asDelivered<T extends Record<string, string | undefined>>(values: T): T {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, value === undefined ? value : Buffer.from(value).toString()])
  ) as T
}

/** Fast waits, one attempt: the valid runs of the sanity checks end at once. */
const FAST_ENV = { META_TOKEN_KEEPER_MAX_ATTEMPTS: '1', META_TOKEN_KEEPER_RETRY_BASE_MS: '1', META_TOKEN_KEEPER_DEADLINE_SECONDS: '5' }

/** What a run that stopped at input validation must look like (promises 1 and 2). */
async function assertFailedAtInput(events: IOEvent[], inputs: Inputs, expected: InputError): Promise<void> {
  // Masks first: every secret input before anything else happens.
  const firstOther = events.findIndex(e => e.kind !== 'mask')
  assert.ok(
    events.slice(firstOther).every(e => e.kind !== 'mask'),
    'every mask comes before any other output'
  )
  // Each line of 16 characters or more; nothing shorter, which the runner would mask everywhere.
  const masks = events.slice(0, firstOther).map(e => e.text)
  for (const name of SECRETS) {
    for (const line of (inputs[name] ?? '').split(/\r\n|[\r\n]/).map(l => l.trim())) {
      if (line.length >= 16) assert.ok(masks.includes(line), `\`${name}\` is masked`)
    }
  }
  for (const mask of masks) {
    assert.ok(mask.length >= 16, `a value shorter than 16 characters is masked: ${show(mask)}`)
    assert.doesNotMatch(mask, /[\r\n]/, `a value with several lines is masked whole (the runner masks each line): ${show(mask)}`)
  }

  const failed = events.filter(e => e.kind === 'failed')
  assert.equal(failed.length, 1, 'setFailed is called once')
  assert.ok(failed[0].text.startsWith(`Input \`${expected.input}\`: `), `setFailed names \`${expected.input}\`: ${show(failed[0].text)}`)
  const outputs = events.filter(e => e.kind === 'output').map(e => e.text)
  assert.deepEqual(
    outputs.filter(output => !output.startsWith('failure-message=')),
    ['is-valid=false', 'rotated=false', 'skipped=false', 'revoked=false', 'failure-step=read inputs', 'next-step='],
    'the boolean outputs, all false, and where the run failed'
  )
  const failureMessage = outputs.find(output => output.startsWith('failure-message='))
  assert.ok(
    failureMessage?.startsWith(`failure-message=Input \`${expected.input}\`: `),
    `failure-message names the input: ${show(failureMessage ?? '')}`
  )
  const summary = events.find(e => e.kind === 'summary')?.text ?? ''
  // The title says which input is wrong, the name as code (as a reader copies it), and that nothing was done.
  const title = (await parseMarkdown(summary)).children?.[0]
  assert.ok(
    renderedText(title ?? { type: 'none' }).endsWith(`❌ input ${expected.input} is wrong; nothing was done`),
    `the summary's title names the input: ${show(summary)}`
  )
  assert.ok(
    title?.children?.some(node => node.type === 'inlineCode' && node.value === expected.input),
    `the input's name in code: ${show(summary)}`
  )
  assert.ok((await summaryText(summary)).includes(`Input ${expected.input}: `), 'what went wrong names the input')
  assert.ok(!summary.includes('<'), `HTML from an input reaches the job summary unescaped: ${show(summary)}`)

  for (const event of events) {
    if (event.kind === 'mask') continue
    assert.ok(!event.text.includes(SECRET_MARK), `a secret input (or part of one) shows in ${event.kind}: ${show(event.text)}`)
    for (const name of SECRETS) {
      const value = (inputs[name] ?? '').trim()
      if (value.length >= 8)
        for (const form of secretForms(value)) assert.ok(!event.text.includes(form), `\`${name}\` shows in ${event.kind}`)
    }
    // A workflow command must start a line; none may, after a line break of ours or theirs.
    assert.doesNotMatch(
      event.text,
      event.kind === 'info' ? /(?:^|[\r\n])[^\S\r\n]*::/ : /[\r\n][^\S\r\n]*::/,
      `a workflow command on a line of its own in ${event.kind}: ${show(event.text)}`
    )
  }
}

describe('main() with bad input makes no network call (promise 2)', () => {
  const net = new NetworkRecorder()
  before(() => net.start())
  after(() => net.stop())

  async function run(inputs: Inputs, env: Env): Promise<IOEvent[]> {
    const { io, events } = recordingIO(inputs)
    await main(io, { ...FAST_ENV, ...env }, net.fetch)
    return events
  }

  it('the recorder sees the calls of valid input, on loopback and on any other host (so the properties below can fail)', async () => {
    const start = net.mark()
    await run({ ...VALID, 'graph-api-url': net.url }, { ...VALID_ENV, GITHUB_API_URL: net.url })
    const loopback = net.since(start)
    assert.ok(
      loopback.some(line => line.startsWith(`fetch ${net.url}/v27.0/debug_token`)),
      `main's fetch saw debug_token: ${loopback.join('\n')}`
    )
    assert.ok(
      loopback.some(line => line.startsWith('server GET /v27.0/debug_token')),
      `the server saw debug_token: ${loopback.join('\n')}`
    )
    assert.ok(
      loopback.some(line => line.includes('/secrets/public-key')),
      `Octokit's public-key read was dispatched: ${loopback.join('\n')}`
    )

    const middle = net.mark()
    const events = await run(
      { ...VALID, 'graph-api-url': 'https://graph.invalid' },
      { ...VALID_ENV, GITHUB_API_URL: 'https://api.github.invalid' }
    )
    const remote = net.since(middle)
    assert.ok(
      remote.includes('dispatched GET https://graph.invalid/v27.0/debug_token?input_token=' + encodeURIComponent(VALID['access-token'])),
      remote.join('\n')
    )
    assert.ok(
      remote.some(line => line.startsWith('dispatched GET https://api.github.invalid/')),
      remote.join('\n')
    )
    assert.match(events.find(e => e.kind === 'failed')?.text ?? '', /network error/, 'the remote hosts were refused, not reached')
  })

  it('(d) bad input in any input or variable: no connection, no request, and setFailed names the input', async () => {
    const pointedAt = (values: fc.Arbitrary<string | undefined>) =>
      fc.oneof({ weight: 3, arbitrary: fc.constant(net.url) }, { weight: 1, arbitrary: values })
    const inputs = fc.record({ ...VALUES, 'graph-api-url': pointedAt(VALUES['graph-api-url']) as fc.Arbitrary<string> }).map(asDelivered)
    const env = fc
      .record({ GITHUB_API_URL: pointedAt(ENV_VALUES.GITHUB_API_URL), GITHUB_REPOSITORY: ENV_VALUES.GITHUB_REPOSITORY })
      .map(asDelivered)
    await fc.assert(
      fc.asyncProperty(inputs, env, async (inputs, env) => {
        const expected = tryParse(inputs, env)
        fc.pre(expected instanceof InputError) // valid input may call out: not this property's business
        const start = net.mark()
        const events = await run(inputs, env)
        assert.deepEqual(net.since(start), [], 'no network call')
        await assertFailedAtInput(events, inputs, expected as InputError)
      }),
      { numRuns: RUNS_MAIN }
    )
  })

  it('(c, d) a secret pasted into another input is not shown, not even in part', async () => {
    // A realistic mistake: `secret-name: ${{ secrets.META_ACCESS_TOKEN }}`. Meta tokens run to
    // 200 characters and more; this one is made up and looks like none.
    const token = fc
      .tuple(fc.stringMatching(/^[0-9a-f]{12}$/), fc.stringMatching(/^[A-Za-z0-9]{0,300}$/))
      .map(([id, tail]) => `${SECRET_MARK}${id}${tail}`)
    const misplaced = fc.record({
      secret: fc.constantFrom(...SECRETS),
      into: fc.constantFrom(...INPUT_NAMES.filter(name => !SECRETS.includes(name))),
      token,
    })
    const longToken = `${SECRET_MARK}0123456789ab${'Zq9'.repeat(60)}`
    await fc.assert(
      fc.asyncProperty(misplaced, async ({ secret, into, token }) => {
        const inputs: Inputs = { ...VALID, 'graph-api-url': net.url, [secret]: token, [into]: token }
        const env: Env = { ...VALID_ENV, GITHUB_API_URL: net.url }
        const expected = tryParse(inputs, env)
        fc.pre(expected instanceof InputError)
        const start = net.mark()
        const events = await run(inputs, env)
        assert.deepEqual(net.since(start), [], 'no network call')
        await assertFailedAtInput(events, inputs, expected as InputError)
      }),
      runs(RUNS_PER_INPUT, [
        [{ secret: 'access-token', into: 'operation', token: longToken }],
        [{ secret: 'github-token', into: 'org-secret-visibility', token: `${SECRET_MARK}0123456789abXyZ` }],
      ])
    )
  })
})
