import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import { type AnswerDelay, delayAnswers } from './answer-delay.ts'

/** A server whose handler works `workMs` (blocking its one thread, as a fake does) before it answers. */
async function serverWith(delay: AnswerDelay, workMs: number): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    const until = performance.now() + workMs
    while (performance.now() < until);
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.end('ok')
  })
  delayAnswers(server, delay)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

async function timedGet(url: string): Promise<{ ms: number; body: string }> {
  const started = performance.now()
  const answer = await fetch(url)
  const body = await answer.text()
  return { ms: performance.now() - started, body }
}

test('answers are held back by the delay, counted from arrival: requests at once come back together, the work inside it', async t => {
  // 5 requests at once, each taking 160 ms of the server's one thread: work that a delay of
  // 300 ms from arrival hides, where a delay added after the work would make it 460 ms.
  const delay: AnswerDelay = { ms: 300, log: [] }
  const { server, url } = await serverWith(delay, 160)
  t.after(() => server.close())
  const answers = await Promise.all(Array.from({ length: 5 }, () => timedGet(url)))
  assert.deepEqual(
    answers.map(answer => answer.body),
    Array(5).fill('ok')
  )
  for (const answer of answers) assert.ok(answer.ms >= 295, `an answer came after ${answer.ms} ms, before the delay`)
  assert.equal(delay.log.length, 5)
  for (const entry of delay.log) {
    const held = entry.answeredAt - entry.receivedAt
    // Up to 100 ms late on a busy machine (timers fire late), never the 160 ms of work on top.
    assert.ok(held >= 295 && held < 400, `held ${held} ms: the work was added to the delay instead of running inside it`)
  }
})

test('a delay of 0 answers as soon as the server does, and the delay may change between requests', async t => {
  const delay: AnswerDelay = { ms: 0, log: [] }
  const { server, url } = await serverWith(delay, 0)
  t.after(() => server.close())
  const quick = await timedGet(url)
  delay.ms = 200
  const held = await timedGet(url)
  assert.ok(quick.ms < 150, `no delay, yet ${quick.ms} ms`)
  assert.ok(held.ms >= 195, `a delay of 200 ms, yet ${held.ms} ms`)
})
