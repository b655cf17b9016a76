/**
 * `npm run bench` keeps working: one short run (timings are not asserted here; this machine
 * is shared and noisy, and the figures live in the README), checked for every figure it
 * promises to print.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { it } from 'node:test'
import { assertBundleFresh } from '../helpers/bundle-freshness.ts'
import { ROOT } from '../helpers/run-action.ts'

it('npm run bench prints every scenario as a ratio to its bound, its own start-up apart, the bundle size, and a trace of each', async () => {
  // The bench runs the bundle too, and would fail on a stale one; this says so up front.
  assertBundleFresh(join(ROOT, 'dist'))
  const child = spawn(process.execPath, [join(ROOT, 'bench', 'run.ts')], {
    cwd: ROOT,
    env: { ...process.env, BENCH_RUNS: '1', BENCH_LATENCY_MS: '5', BENCH_TRACE: '1', BENCH_MINUTE_MS: '300' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', chunk => (output += chunk))
  child.stderr.setEncoding('utf8').on('data', chunk => (output += chunk))
  const code = await new Promise(resolve => child.on('close', resolve))
  assert.equal(code, 0, output)

  assert.match(output, /bare start-up \(node -e 0\): \d+\.\d ms/)
  const ratio = String.raw`\d+ ms +\d+ ms +\d+\.\d\d×`
  // The rows of a run with a start-up also say when the first request came and the ratio after it.
  const afterStart = String.raw` +\d+ ms +\d+\.\d\d×`
  assert.match(output, /scenario +median +bound +ratio +target +1st req +after/)
  assert.match(output, new RegExp(String.raw`check, cold start \(no latency\) +${ratio} +≤ 4×`))
  assert.match(output, new RegExp(String.raw`check \(5 ms latency\) +${ratio}`))
  assert.match(
    output,
    new RegExp(String.raw`rotate, 1 repository \+ 2 environments +${ratio} +≤ 1\.5×${afterStart} .*\[bound: 6×5\+start\]`)
  )
  assert.match(output, new RegExp(String.raw`rotate, 25 repositories +${ratio} +≤ 1\.5× .*\[bound: 6×5\+start\]`))
  assert.match(
    output,
    new RegExp(String.raw`rotate, 100 repositories, 80 writes/min +${ratio} +≤ 1\.1× .*\[bound: 6×5\+start\+\d+ ms minute\]`)
  )
  assert.match(output, new RegExp(String.raw`emergency: 100 revocations, first out → last back +${ratio} +≤ 1\.5× .*\[bound: 1×5\]`))
  assert.match(output, new RegExp(String.raw`rotate, 3 targets, required-assets \+ probes +${ratio} +≤ 1\.5× .*\[bound: 6×5\+start\]`))
  assert.match(output, new RegExp(String.raw`emergency: 4 revocations, first out → last back +${ratio} +≤ 1\.5× .*\[bound: 1×5\]`))
  assert.match(output, new RegExp(String.raw`emergency, replacement in 3 targets +${ratio} +≤ 1\.7× .*\[bound: 4×5\+start\]`))
  assert.match(output, new RegExp(String.raw`doctor, 3 targets \+ 1 deploy workflow +${ratio} +≤ 1\.5× .*\[bound: 1×5\+start\]`))
  assert.match(output, new RegExp(String.raw`doctor, drill: true +${ratio} +≤ 1\.5× .*\[bound: 3×5\+start\]`))
  assert.match(output, /bundle: \d+\.\d\d MB of JavaScript in dist\//)

  // Each scenario's trace runs from its heading to the next blank line.
  const traceOf = (scenario: string) => {
    const start = output.indexOf(`${scenario}: one run's requests`)
    assert.ok(start >= 0, `no trace of ${scenario}:\n${output}`)
    return output.slice(start, output.indexOf('\n\n', start) === -1 ? undefined : output.indexOf('\n\n', start))
  }

  // The emergency's trace: the four revocations come first, then the admin token's inspection.
  const emergency = traceOf('emergency, replacement in 3 targets')
  const sent = [...emergency.matchAll(/(Meta|GitHub) +(GET|POST|PUT|DELETE) (\S+)/g)].map(
    m => `${m[1]} ${m[2]} ${m[3].replace(/^\/v[\d.]+\//, '')}`
  )
  assert.deepEqual(sent.slice(0, 5), [...Array(4).fill('Meta GET oauth/revoke'), 'Meta GET debug_token'], emergency)
  assert.equal(sent.filter(call => call.startsWith('GitHub PUT')).length, 3, emergency)

  // The rotation's trace: inspection and key reads, refresh, verification beside the old token's
  // second inspection and the record write, three writes, revocation, the record's deletion.
  const trace = traceOf('rotate, 1 repository + 2 environments')
  const calls = [...trace.matchAll(/(Meta|GitHub) +(GET|PUT|DELETE) (\S+)/g)].map(m => `${m[1]} ${m[2]} ${m[3]}`)
  assert.equal(calls.length, 14, trace)
  assert.equal(calls.filter(call => call.startsWith('GitHub PUT')).length, 4, trace)
  assert.equal(calls.filter(call => call.startsWith('GitHub DELETE')).length, 1, trace)
  assert.deepEqual(
    calls.filter(call => call.startsWith('Meta')).map(call => call.replace(/^Meta GET \/v[\d.]+\//, '')),
    ['debug_token', 'oauth/access_token', 'debug_token', 'debug_token', 'oauth/revoke']
  )
  assert.match(trace, /run ended/)

  // The doctor's trace: nine reads (two inspections, the system user, three keys, the record,
  // the deploy workflow and its file), nothing written.
  const doctor = traceOf('doctor, 3 targets + 1 deploy workflow')
  const reads = [...doctor.matchAll(/(Meta|GitHub) +(GET|POST|PUT|DELETE) /g)].map(m => m[2])
  assert.deepEqual(reads, Array(9).fill('GET'), doctor)
})
