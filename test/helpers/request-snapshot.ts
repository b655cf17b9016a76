/**
 * A snapshot of what each end-to-end run did that a user or a server would notice: its exit code,
 * the requests it sent to Meta and to GitHub (method and path, sorted, since concurrent requests
 * leave in any order) and its outputs. Values that change from one run to the next (tokens, ids,
 * times, durations) are replaced by placeholders.
 *
 * It proves that a refactoring changed no behaviour: the snapshot taken before it must still
 * match after it. World records every run of a test file and looks for it among the entries of
 * test/snapshots/<test file>.json not yet matched (tests that run concurrently finish in any
 * order, so the entries are a set, not a sequence); `UPDATE_REQUEST_SNAPSHOTS=1 npm test` rewrites
 * the files (do that only for a change meant to alter behaviour, and read the diff).
 *
 * Test files whose runs depend on timing (deadlines, kills, races) are not snapshotted: their
 * runs differ between two runs of the same code.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ActionRun } from './run-action.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SNAPSHOT_DIR = join(ROOT, 'test', 'snapshots')

/** Files whose runs depend on timing; each says why. */
const UNSTABLE: Record<string, string> = {
  'test/e2e/killed-runs.test.ts': 'kills the bundle at a moment chosen by time',
  'test/e2e/dead-tokens-and-deadline.test.ts': 'the run deadline decides how many retries happen',
  'test/e2e/transient-failures.test.ts': 'retries and timeouts race the fakes',
  'test/e2e/concurrency.test.ts': 'measures requests in flight',
  'test/e2e/lazy-loading.test.ts': 'times module loading',
  'test/bench/bench.test.ts': 'timings',
  'test/e2e/outside-text.test.ts': 'a property test: random server text',
  'test/e2e/encoded-secrets.test.ts': 'encodings of a random token cut at different places',
  'test/e2e/github-limits.test.ts': 'how many writes are on the wire when a limit answer comes back depends on the machine',
}

export interface RunSnapshot {
  code: number | null
  graph: string[]
  github: string[]
  outputs: Record<string, string>
}

export interface SnapshotInput {
  run: ActionRun
  graphCalls: string[]
  githubCalls: string[]
  secrets: string[]
  ids: Record<string, string>
}

function normalize(text: string, secrets: string[], ids: Record<string, string>): string {
  let out = text
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) if (secret) out = out.split(secret).join('<secret>')
  for (const [id, name] of Object.entries(ids)) if (id) out = out.split(id).join(`<${name}>`)
  // Graph's random trace ids first: one may end in digits and a letter that read as a duration.
  return out
    .replace(/fbtrace_id [\w-]+/g, 'fbtrace_id <trace>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/\b\d{9,}\b/g, '<id>')
    .replace(/\b\d+(\.\d+)? ?(ms|s|seconds|minutes)\b/g, '<duration>')
    .replace(/fake-(meta|gh|secret)-[0-9a-f]+/g, '<secret>')
    .replace(/\w+day, \d\d-\w{3}-\d\d \d\d:\d\d:\d\d [A-Z]{3}/g, '<time>')
}

/**
 * GitHub's reads, deduplicated: how often a deploy run is polled depends on time. A failed run's
 * reads are left out altogether: the key reads that go out beside a failing Meta step may or may
 * not have left before it failed. Writes are kept, each one.
 */
function githubRequests(code: number | null, calls: string[]): string[] {
  const reads = code === 0 ? new Set(calls.filter(call => call.startsWith('GET '))) : new Set<string>()
  return [...reads, ...calls.filter(call => !call.startsWith('GET '))].sort()
}

export function snapshotOf(input: SnapshotInput): RunSnapshot {
  const text = (value: string) => normalize(value, input.secrets, input.ids)
  const outputs: Record<string, string> = {}
  for (const name of Object.keys(input.run.outputs).sort()) {
    outputs[name] = name === 'expires-in' ? '<seconds>' : text(input.run.outputs[name] ?? '')
  }
  return {
    code: input.run.code,
    graph: input.graphCalls.map(text).sort(),
    github: githubRequests(input.run.code, input.githubCalls.map(text)),
    outputs,
  }
}

const testFile = process.argv[1] ? relative(ROOT, process.argv[1]).split('\\').join('/') : ''
const enabled = testFile.endsWith('.test.ts') && !(testFile in UNSTABLE)
const updating = process.env.UPDATE_REQUEST_SNAPSHOTS === '1'
const file = join(SNAPSHOT_DIR, testFile.replace(/^test\//, '').replace(/\.test\.ts$/, '.json'))
const recorded: RunSnapshot[] = []
let expected: RunSnapshot[] | undefined

if (enabled && updating) {
  process.on('exit', () => {
    mkdirSync(dirname(file), { recursive: true })
    const sorted = recorded.map(entry => JSON.stringify(entry, null, 1)).sort()
    writeFileSync(file, `[\n${sorted.join(',\n')}\n]\n`)
  })
}

/** Records this run of the test file; unless updating, fails when no unmatched entry of the snapshot equals it. */
export function checkRunSnapshot(input: SnapshotInput): void {
  if (!enabled) return
  const snapshot = snapshotOf(input)
  const index = recorded.push(snapshot) - 1
  if (updating) return
  // A test file that has no snapshot yet is not checked: `UPDATE_REQUEST_SNAPSHOTS=1` makes one.
  if (!existsSync(file)) return
  expected ??= JSON.parse(readFileSync(file, 'utf8')) as RunSnapshot[]
  const text = JSON.stringify(snapshot)
  const match = expected.findIndex(entry => JSON.stringify(entry) === text)
  if (match >= 0) {
    expected.splice(match, 1)
    return
  }
  // Shown against the nearest entry (same outputs, else same exit code), so the diff says what changed.
  const nearest =
    expected.find(entry => JSON.stringify(entry.outputs) === JSON.stringify(snapshot.outputs)) ??
    expected.find(entry => entry.code === snapshot.code && entry.outputs['failure-step'] === snapshot.outputs['failure-step'])
  assert.deepEqual(
    snapshot,
    nearest,
    `run ${index + 1} of ${testFile} matches no entry of ${relative(ROOT, file)} (rewrite with UPDATE_REQUEST_SNAPSHOTS=1 npm test only when the change is meant to alter behaviour)`
  )
}
