/**
 * `npm run bench`: times the bundled action, run as the runner runs it, against the fake Meta
 * and GitHub servers, which hold every answer back by a fixed latency from its request's arrival. Every figure is
 * printed as a ratio to a bound measured in the same run, since these machines are shared and
 * noisy:
 *   - bare start-up: `node -e 0`;
 *   - critical-path bound = round trips that must happen one after another × latency + bare start-up;
 *   - for the emergency's revocations: one round trip (they all go out at once).
 * Options (environment): BENCH_LATENCY_MS (default 40), BENCH_RUNS (default 7), BENCH_ONLY=<words>
 * (only the scenarios whose name contains them, e.g. `doctor`), BENCH_TRACE=1 (also prints, for
 * every scenario run, when each request of one more run was sent and answered, counted from the
 * process start: the gaps between round trips are the action's own time).
 */
import { spawn } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { AnswerDelay } from '../test/fakes/answer-delay.ts'
import { FakeGitHub } from '../test/fakes/github-server.ts'
import { FakeGraph } from '../test/fakes/graph-server.ts'
import { ROOT, runAction } from '../test/helpers/run-action.ts'

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 40)
const RUNS = Number(process.env.BENCH_RUNS ?? 7)
const TRACE = Boolean(process.env.BENCH_TRACE)
const ONLY = process.env.BENCH_ONLY ?? ''
// GitHub's own rules (issue 28, reference/github.md §4.2): 100 requests at once, 80 writes a minute.
const REQUESTS_IN_FLIGHT = 100
const WRITES_PER_MINUTE = 80
// The simulated minute of the paced scenario (GitHub's limits with one second = MINUTE_MS / 60).
const MINUTE_MS = Number(process.env.BENCH_MINUTE_MS ?? 1200)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

async function bareStartMs(): Promise<number> {
  const started = performance.now()
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' })
    child.on('error', reject)
    child.on('close', () => resolve())
  })
  return performance.now() - started
}

// Each fake holds its answers back by the latency, counted from the request's arrival (one
// round trip per request). The fakes' checks of every request against Meta's and GitHub's rules
// are the tests' business; here they would only add the bench's own work between answers.
const delays = { graph: newDelay(), github: newDelay(), limited: newDelay() }
const graph = await FakeGraph.start({ answerDelay: delays.graph, checkContract: false })
const github = await FakeGitHub.start({ answerDelay: delays.github, checkContract: false })
// A GitHub that enforces 80 writes a minute (per token: each run gets a fresh one).
const limitedGithub = await FakeGitHub.start({
  answerDelay: delays.limited,
  checkContract: false,
  secondaryLimits: { writesPerMinute: WRITES_PER_MINUTE, secondMs: MINUTE_MS / 60 },
})

function newDelay(): AnswerDelay {
  return { ms: LATENCY_MS, log: [] }
}

/** When the first request after `since` reached a fake: a run's own start-up ends there. */
function firstArrivalAfter(since: number): number | undefined {
  const arrivals = Object.values(delays).flatMap(delay => delay.log.filter(e => e.receivedAt >= since).map(e => e.receivedAt))
  return arrivals.length > 0 ? Math.min(...arrivals) : undefined
}

/** The cold start: no latency at all. */
async function withoutLatency<T>(work: () => Promise<T>): Promise<T> {
  for (const delay of Object.values(delays)) delay.ms = 0
  try {
    return await work()
  } finally {
    for (const delay of Object.values(delays)) delay.ms = LATENCY_MS
  }
}

const app = graph.addApp({ name: 'Bench app' })
const systemUser = graph.addSystemUser({ appIdsInstalled: [app.id] })
const githubToken = github.addToken()
github.addRepo('bench/app', { environments: ['staging', 'production'] })
github.addWorkflow('bench/app', 'deploy.yml')
// The assets the rotation with required-assets checks (and probes): assigned, so it succeeds.
const REQUIRED_ASSETS = 'ads_management: act_1234567890, 987654321'
graph.assignAssets(systemUser.id, 'ads_management', ['act_1234567890', '987654321'])
const manyRepos = Array.from({ length: 25 }, (_, i) => `bench/repo-${String(i).padStart(2, '0')}`)
for (const repo of manyRepos) github.addRepo(repo)
const hundredRepos = Array.from({ length: 100 }, (_, i) => `bench/many-${String(i).padStart(3, '0')}`)
for (const repo of hundredRepos) limitedGithub.addRepo(repo)

function freshToken(): string {
  return graph.mintToken({ appId: app.id, userId: systemUser.id, scopes: ['ads_management'], expiresInSeconds: 10 * 86_400 })
}
const adminToken = graph.mintToken({ appId: app.id, userId: '9000', scopes: ['business_management'], expiresInSeconds: 0 })

/**
 * A leaked token and a record of `recordSize` tokens, revoked by `emergency`, with a replacement
 * stored in `targets`. Returns the run's duration and the revocations' window at the fake Meta:
 * from the first revoke arriving to the last one answered.
 */
async function timeEmergency(targets: string[], recordSize = 3): Promise<{ ms: number; revokeWindowMs: number }> {
  delays.graph.log.length = 0
  const result = await runAction(
    {
      operation: 'emergency',
      'app-id': app.id,
      'app-secret': app.secret,
      'access-token': freshToken(),
      'previous-token': Array.from({ length: recordSize }, freshToken).join('\n'),
      'admin-token': adminToken,
      'system-user-id': systemUser.id,
      scope: 'ads_management',
      'secret-name': 'META_ACCESS_TOKEN',
      'secret-targets': targets.join('\n'),
      'github-token': githubToken,
      'graph-api-url': graph.url,
    },
    { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'bench/app', RUNNER_DEBUG: '' }
  )
  if (result.code !== 0) throw new Error(`emergency failed in the benchmark:\n${result.stdout}\n${result.stderr}`)
  const revokes = delays.graph.log.filter(entry => /^\/v[\d.]+\/oauth\/revoke\?/.test(entry.path))
  if (revokes.length !== recordSize + 1) throw new Error(`expected ${recordSize + 1} revocations, saw ${revokes.length}`)
  const revokeWindowMs = Math.max(...revokes.map(e => e.answeredAt)) - Math.min(...revokes.map(e => e.receivedAt))
  return { ms: result.durationMs, revokeWindowMs }
}

/** A rotation of 100 targets against the GitHub that refuses a write over 80 a minute: none may be refused. */
async function timePacedRotation(): Promise<number> {
  const refusedBefore = limitedGithub.secondaryLimits?.refused ?? 0
  const result = await runAction(
    {
      operation: 'rotate',
      'app-id': app.id,
      'app-secret': app.secret,
      'access-token': freshToken(),
      'secret-name': 'META_ACCESS_TOKEN',
      'secret-targets': hundredRepos.join('\n'),
      'github-token': limitedGithub.addToken(),
      'graph-api-url': graph.url,
    },
    {
      GITHUB_API_URL: limitedGithub.url,
      GITHUB_REPOSITORY: 'bench/app',
      META_TOKEN_KEEPER_LIMIT_SECOND_MS: String(MINUTE_MS / 60),
      RUNNER_DEBUG: '',
    }
  )
  if (result.code !== 0) throw new Error(`the paced rotation failed in the benchmark:\n${result.stdout}\n${result.stderr}`)
  const refused = (limitedGithub.secondaryLimits?.refused ?? 0) - refusedBefore
  if (refused > 0) throw new Error(`the paced rotation had ${refused} write(s) refused for GitHub's 80 a minute`)
  return result.durationMs
}

/**
 * The doctor on healthy settings (a stored token of the system user, the admin token, the
 * system user, a covering scope, 3 targets, a deploy workflow), with or without the drill; it
 * must find nothing. The drill's token is revoked at once, so nothing is left alive.
 */
async function timeDoctor(drill: boolean): Promise<number> {
  const result = await runAction(
    {
      operation: 'doctor',
      'app-id': app.id,
      'app-secret': app.secret,
      'access-token': freshToken(),
      'admin-token': adminToken,
      'system-user-id': systemUser.id,
      scope: 'ads_management',
      'secret-name': 'META_ACCESS_TOKEN',
      'secret-targets': threeTargets.join('\n'),
      'deploy-workflows': 'bench/app/.github/workflows/deploy.yml@main',
      'github-token': githubToken,
      'graph-api-url': graph.url,
      drill: String(drill),
    },
    { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'bench/app', RUNNER_DEBUG: '' }
  )
  if (result.code !== 0)
    throw new Error(`the doctor${drill ? "'s drill" : ''} failed in the benchmark:\n${result.stdout}\n${result.stderr}`)
  return result.durationMs
}

async function timeAction(operation: 'check' | 'rotate', targets: string[], extra: Record<string, string> = {}): Promise<number> {
  const result = await runAction(
    {
      ...extra,
      operation,
      'app-id': app.id,
      'app-secret': app.secret,
      'access-token': freshToken(),
      'secret-name': operation === 'rotate' ? 'META_ACCESS_TOKEN' : '',
      'secret-targets': targets.join('\n'),
      'github-token': githubToken,
      'graph-api-url': graph.url,
    },
    { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'bench/app', RUNNER_DEBUG: '' }
  )
  if (result.code !== 0) throw new Error(`${operation} failed in the benchmark:\n${result.stdout}\n${result.stderr}`)
  return result.durationMs
}

interface Scenario {
  name: string
  /** Round trips that must happen one after another. */
  chain: number
  /** The target ratio, where the performance issue sets one. */
  limit?: number
  measure: () => Promise<number>
  /** Compared with bare start-up only (no latency). */
  startupOnly?: boolean
  /** Compared with one round trip only (the emergency's revocations). */
  oneRoundTrip?: boolean
  /** Added to the bound: a wait GitHub's limits impose (the paced scenario's minute). */
  extraMs?: number
}

const threeTargets = ['bench/app', 'bench/app:staging', 'bench/app:production']
const waves = (targets: number, limit: number) => Math.ceil(targets / limit)
/**
 * What GitHub's rules allow (100 requests at once, a burst of 80 writes):
 * (inspect ‖ public keys) → refresh → (verify ‖ old token's re-inspection ‖ record write) → writes
 * → revoke → record delete.
 */
const rotationChain = (targets: number) => waves(targets, REQUESTS_IN_FLIGHT) + 4 + waves(targets, WRITES_PER_MINUTE)
/**
 * 100 targets at 80 writes a minute: the record write (the first write) arrives after 2 round
 * trips, the next 79 writes (after the verification) after 3. Writes 82–100 may arrive only a
 * minute after those 79, then come their answers, the revoke and the record's deletion: 6 round
 * trips + a minute + start-up. (Until 2026-12-07 this said 5, as if all of them could follow
 * the record write's minute: only the 81st can.) The action counts a write's minute from its
 * answer, not from its sending (src/github/write-pace.ts: safe whatever the latency), which
 * costs one more round trip here; it is left out of the bound.
 */
const PACED_CHAIN = 6
/**
 * (revoke ×4 ‖ admin debug_token) → generate → verify → writes: 4 round trips for a few targets.
 * The key reads go beside the generate (they start once the admin check is on the wire, Octokit
 * loading meanwhile), the record's deletion beside the verification: both off the path.
 */
const EMERGENCY_CHAIN = 4
/**
 * The doctor's checks all go out at once, in one round trip: the stored and admin tokens'
 * debug_token, the system user read (as the admin token), the key reads, the record read, each
 * deploy workflow's lookup and its file at its ref. (Until 2026-12-07 the system user read waited
 * for the stored token's owner and the file read for the lookup: 2 round trips.)
 */
const DOCTOR_CHAIN = 1
/**
 * The drill starts with the other checks and is their longest chain: generate (as the admin
 * token) → verify (debug_token) → revoke: 3 round trips.
 */
const DRILL_CHAIN = 3
const allScenarios: Scenario[] = [
  {
    name: 'check, cold start (no latency)',
    chain: 0,
    limit: 4,
    startupOnly: true,
    measure: () => withoutLatency(() => timeAction('check', [])),
  },
  { name: `check (${LATENCY_MS} ms latency)`, chain: 1, measure: () => timeAction('check', []) },
  {
    name: 'rotate, 1 repository + 2 environments',
    chain: rotationChain(3),
    limit: 1.5,
    measure: () => timeAction('rotate', threeTargets),
  },
  { name: 'rotate, 25 repositories', chain: rotationChain(25), limit: 1.5, measure: () => timeAction('rotate', manyRepos) },
  {
    name: `rotate, 100 repositories, 80 writes/min`,
    chain: PACED_CHAIN,
    extraMs: MINUTE_MS,
    limit: 1.1,
    measure: timePacedRotation,
  },
  {
    // The probes ride beside the verification: the same chain as without them.
    name: 'rotate, 3 targets, required-assets + probes',
    chain: rotationChain(3),
    limit: 1.5,
    measure: () => timeAction('rotate', threeTargets, { 'required-assets': REQUIRED_ASSETS, 'probe-assets': 'true' }),
  },
  {
    name: 'emergency: 4 revocations, first out → last back',
    chain: 1,
    limit: 1.5,
    oneRoundTrip: true,
    measure: async () => (await timeEmergency(threeTargets)).revokeWindowMs,
  },
  {
    name: 'emergency: 100 revocations, first out → last back',
    chain: 1,
    limit: 1.5,
    oneRoundTrip: true,
    measure: async () => (await timeEmergency(threeTargets, 99)).revokeWindowMs,
  },
  {
    name: 'emergency, replacement in 3 targets',
    chain: EMERGENCY_CHAIN,
    limit: 1.7,
    measure: async () => (await timeEmergency(threeTargets)).ms,
  },
  { name: 'doctor, 3 targets + 1 deploy workflow', chain: DOCTOR_CHAIN, limit: 1.5, measure: () => timeDoctor(false) },
  { name: 'doctor, drill: true', chain: DRILL_CHAIN, limit: 1.5, measure: () => timeDoctor(true) },
]

const scenarios = allScenarios.filter(scenario => scenario.name.includes(ONLY))
if (scenarios.length === 0) throw new Error(`BENCH_ONLY=${ONLY} names no scenario`)

/** One run's requests on a time line from the process start (BENCH_TRACE). */
async function traceRun(measure: () => Promise<number>): Promise<string[]> {
  for (const delay of Object.values(delays)) delay.log.length = 0
  const started = performance.now()
  await measure()
  const ended = performance.now()
  const entries = [
    ...delays.graph.log.map(e => ({ ...e, api: 'Meta  ' })),
    ...[...delays.github.log, ...delays.limited.log].map(e => ({ ...e, api: 'GitHub' })),
  ]
  entries.sort((a, b) => a.receivedAt - b.receivedAt)
  const at = (t: number) => `${(t - started).toFixed(0).padStart(4)} ms`
  return [
    ...entries.map(e => `${at(e.receivedAt)} → ${at(e.answeredAt)}  ${e.api} ${e.method} ${e.path.split('?')[0]}`),
    `${at(ended)}    run ended`,
  ]
}

const bare: number[] = []
const traces = new Map<Scenario, string[]>()
const samples = new Map<Scenario, number[]>(scenarios.map(s => [s, []]))
const firstRequests = new Map<Scenario, number[]>(scenarios.map(s => [s, []]))
try {
  // Warm-up (file cache, JIT of the servers), then interleave the scenarios so that noise
  // on the machine spreads over all of them alike.
  await bareStartMs()
  for (const scenario of scenarios) await scenario.measure()
  for (let i = 0; i < RUNS; i++) {
    bare.push(await bareStartMs())
    for (const scenario of scenarios) {
      const started = performance.now()
      samples.get(scenario)!.push(await scenario.measure())
      const firstRequest = firstArrivalAfter(started)
      if (firstRequest !== undefined) firstRequests.get(scenario)!.push(firstRequest - started)
    }
  }
  if (TRACE) for (const scenario of scenarios) traces.set(scenario, await traceRun(scenario.measure))
} finally {
  await Promise.all([graph.close(), github.close(), limitedGithub.close()])
}

const bareMs = median(bare)
const rows = scenarios.map(scenario => {
  const ms = median(samples.get(scenario)!)
  const waited = scenario.chain * LATENCY_MS + (scenario.extraMs ?? 0)
  const bound = waited + (scenario.oneRoundTrip ? 0 : bareMs)
  const ratio = ms / bound
  // The same run without the action's own start-up (spawn → first request): how closely it
  // follows its round trips once it is going.
  const started = firstRequests.get(scenario)!.length > 0 ? median(firstRequests.get(scenario)!) : undefined
  const afterStart = started !== undefined && waited > 0 && !scenario.oneRoundTrip ? (ms - started) / waited : undefined
  return { scenario, ms, bound, ratio, started, afterStart, ok: scenario.limit === undefined || ratio <= scenario.limit }
})

const distFiles = readdirSync(join(ROOT, 'dist')).filter(file => file.endsWith('.js'))
const bundleBytes = distFiles.reduce((sum, file) => sum + statSync(join(ROOT, 'dist', file)).size, 0)
const entryBytes = statSync(join(ROOT, 'dist', 'index.js')).size

console.log(
  `Node ${process.versions.node}, ${RUNS} runs each (medians), latency ${LATENCY_MS} ms per answer, GitHub's minute simulated as ${MINUTE_MS} ms`
)
console.log(`bare start-up (node -e 0): ${bareMs.toFixed(1)} ms\n`)
const columns = ['median', 'bound', 'ratio', 'target', '1st req', 'after']
console.log('scenario'.padEnd(50), ...columns.map(name => name.padStart(9)))
for (const row of rows) {
  const boundText = row.scenario.startupOnly
    ? 'node -e 0'
    : row.scenario.oneRoundTrip
      ? `1×${LATENCY_MS}`
      : `${row.scenario.chain}×${LATENCY_MS}+start${row.scenario.extraMs ? `+${row.scenario.extraMs} ms minute` : ''}`
  console.log(
    row.scenario.name.padEnd(50),
    `${row.ms.toFixed(0)} ms`.padStart(9),
    `${row.bound.toFixed(0)} ms`.padStart(9),
    `${row.ratio.toFixed(2)}×`.padStart(9),
    (row.scenario.limit === undefined ? '—' : `≤ ${row.scenario.limit}×`).padStart(9),
    (row.started === undefined || row.scenario.oneRoundTrip ? '—' : `${row.started.toFixed(0)} ms`).padStart(9),
    (row.afterStart === undefined ? '—' : `${row.afterStart.toFixed(2)}×`).padStart(9),
    row.ok ? '' : '  (over target)',
    `  [bound: ${boundText}]`
  )
}
console.log(
  `\n1st req: the action's start-up, from its spawn to its first request (bare start-up is ${bareMs.toFixed(0)} ms of it).` +
    ` after: the time from that first request to the end, against the round trips (and minute) of the bound alone.`
)
console.log(
  `\nbundle: ${(bundleBytes / 1e6).toFixed(2)} MB of JavaScript in dist/ (entry dist/index.js ${(entryBytes / 1e6).toFixed(2)} MB, ${distFiles.length} files)`
)
for (const [scenario, lines] of traces) console.log(`\n${scenario.name}: one run's requests by arrival at the fakes\n${lines.join('\n')}`)
