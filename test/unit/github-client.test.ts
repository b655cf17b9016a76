import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, beforeEach, describe, it } from 'node:test'
import { createGitHubClient, type Octokit } from '../../src/github/client.ts'
import type { GitHubError } from '../../src/github/errors.ts'
import { createFetch } from '../../src/runtime/http.ts'
import { Deadline } from '../../src/runtime/retry.ts'

const TOKEN = 'fake-gh-unit-test-token'

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

type Handler = (req: Seen, res: ServerResponse) => void

function listen(onRequest: (seen: Seen, res: ServerResponse) => void): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8').on('data', chunk => (body += chunk))
    req.on('end', () => onRequest({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }, res))
  })
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }))
  )
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

describe('the GitHub client (Octokit with our request hook)', () => {
  let api: Octokit
  let debug: string[]
  let origin: string
  let server: Server
  let other: { server: Server; origin: string }
  let handler: Handler
  let seen: Seen[]
  let otherSeen: Seen[]

  function client(
    options: { requestTimeoutMs?: number; maxAttempts?: number; limitSecondMs?: number; parallelJobs?: number; deadlineMs?: number } = {}
  ): Promise<Octokit> {
    const deadlineMs = options.deadlineMs ?? 10_000
    return createGitHubClient({
      token: TOKEN,
      baseUrl: origin,
      requestTimeoutMs: options.requestTimeoutMs ?? 2000,
      timing: {
        retryBaseMs: 1,
        retryMaxWaitMs: 5,
        maxAttempts: options.maxAttempts ?? 3,
        deadlineMs,
        limitSecondMs: options.limitSecondMs ?? 1,
      },
      deadline: new Deadline(deadlineMs),
      fetch: createFetch({}),
      parallelJobs: options.parallelJobs,
      debug: line => debug.push(line),
    })
  }

  before(async () => {
    ;({ server, origin } = await listen((req, res) => {
      seen.push(req)
      handler(req, res)
    }))
    other = await listen((req, res) => {
      otherSeen.push(req)
      json(res, 200, { stolen: true })
    })
  })
  beforeEach(async () => {
    seen = []
    otherSeen = []
    debug = []
    api = await client()
  })
  after(() => {
    for (const s of [server, other.server]) {
      s.closeAllConnections()
      s.close()
    }
  })

  it('sends the token, the API version, a user agent, and JSON; logs one debug line per attempt without the URL', async () => {
    handler = (_req, res) => json(res, 201, {})
    const response = await api.rest.actions.createOrUpdateRepoSecret({
      owner: 'o',
      repo: 'r',
      secret_name: 'S',
      encrypted_value: 'x',
      key_id: '1',
    })
    assert.equal(response.status, 201)
    const [request] = seen
    assert.equal(request.url, '/repos/o/r/actions/secrets/S')
    assert.equal(request.headers.authorization, `token ${TOKEN}`)
    assert.equal(request.headers['x-github-api-version'], '2022-11-28')
    assert.equal(request.headers.accept, 'application/vnd.github+json')
    assert.ok(request.headers['user-agent'], 'GitHub rejects requests without a User-Agent')
    assert.match(String(request.headers['content-type']), /^application\/json/)
    assert.deepEqual(JSON.parse(request.body), { encrypted_value: 'x', key_id: '1' })
    assert.equal(debug.length, 1)
    assert.match(debug[0], /^GitHub PUT \/repos\/\{owner\}\/\{repo\}\/actions\/secrets\/\{secret_name\} → 201 \(attempt 1, \d+ ms\)$/)
  })

  it('encodes an environment name with a slash as one path segment', async () => {
    handler = (_req, res) => json(res, 200, { key_id: '1', key: 'k' })
    await api.rest.actions.getEnvironmentPublicKey({ owner: 'o', repo: 'r', environment_name: 'prod/eu' })
    assert.equal(seen[0].url, '/repos/o/r/environments/prod%2Feu/secrets/public-key')
  })

  it('answers a 204 with no data', async () => {
    handler = (_req, res) => res.writeHead(204).end()
    const response = await api.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
      owner: 'o',
      repo: 'r',
      secret_name: 'S',
      encrypted_value: 'x',
      key_id: '1',
    })
    assert.equal(response.status, 204)
  })

  it('follows a redirect of a renamed repository on the same API, repeating method and body', async () => {
    handler = (req, res) => {
      if (req.url.startsWith('/repos/old/')) res.writeHead(307, { location: `${origin}/repositories/42/actions/secrets/S` }).end()
      else json(res, 201, {})
    }
    const response = await api.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
      owner: 'old',
      repo: 'r',
      secret_name: 'S',
      encrypted_value: 'x',
      key_id: '1',
    })
    assert.equal(response.status, 201)
    assert.deepEqual(
      seen.map(r => `${r.method} ${r.url}`),
      ['PUT /repos/old/r/actions/secrets/S', 'PUT /repositories/42/actions/secrets/S']
    )
    assert.equal(seen[1].body, seen[0].body)
    assert.equal(seen[1].headers.authorization, `token ${TOKEN}`)
  })

  it('never follows a redirect to another origin: the token stays with the API', async () => {
    handler = (_req, res) => res.writeHead(301, { location: `${other.origin}/elsewhere` }).end()
    await assert.rejects(api.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' }), (error: GitHubError) => error.status === 301)
    assert.equal(otherSeen.length, 0)
  })

  it("turns an error answer into a GitHubError with GitHub's message and the headers decisions need", async () => {
    handler = (_req, res) =>
      json(res, 403, { message: 'Resource not accessible by integration' }, { 'x-accepted-github-permissions': 'secrets=read' })
    await assert.rejects(
      api.request('GET /repos/{owner}/{repo}/actions/secrets/public-key', { owner: 'o', repo: 'r' }),
      (error: GitHubError) => {
        assert.equal(error.status, 403)
        assert.equal(error.kind, 'http')
        assert.equal(error.githubMessage, 'Resource not accessible by integration')
        assert.equal(error.headers['x-accepted-github-permissions'], 'secrets=read')
        assert.equal(error.isRateLimit, false)
        return true
      }
    )
    assert.equal(seen.length, 1, 'a 403 that is not a rate limit is not retried')
  })

  it('retries a 5xx and a rate-limit answer (after its retry-after), then succeeds', async () => {
    const answers = [
      (res: ServerResponse) => json(res, 502, { message: 'Server Error' }),
      (res: ServerResponse) => json(res, 403, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '0' }),
      (res: ServerResponse) => json(res, 200, { key_id: '1', key: 'k' }),
    ]
    handler = (_req, res) => answers[seen.length - 1](res)
    const response = await api.request('GET /repos/{owner}/{repo}/actions/secrets/public-key', { owner: 'o', repo: 'r' })
    assert.deepEqual(response.data, { key_id: '1', key: 'k' })
    assert.equal(seen.length, 3)
    assert.deepEqual(
      debug.map(line => line.replace(/ \(.*/, '')),
      [
        'GitHub GET /repos/{owner}/{repo}/actions/secrets/public-key → 502',
        'GitHub GET /repos/{owner}/{repo}/actions/secrets/public-key → 403',
        'GitHub GET /repos/{owner}/{repo}/actions/secrets/public-key → 200',
      ]
    )
  })

  it('marks a failed write uncertain when an attempt got a 5xx, and certain when every attempt was refused', async () => {
    const put = () =>
      api.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
        owner: 'o',
        repo: 'r',
        secret_name: 'S',
        encrypted_value: 'x',
        key_id: '1',
      })
    handler = (_req, res) =>
      seen.length === 1 ? json(res, 502, { message: 'Bad Gateway' }) : json(res, 422, { message: 'Validation Failed' })
    await assert.rejects(put(), (error: GitHubError) => error.status === 422 && error.uncertain === true)
    seen = []
    handler = (_req, res) => json(res, 422, { message: 'Validation Failed' })
    await assert.rejects(put(), (error: GitHubError) => error.status === 422 && error.uncertain === false)
  })

  const read = (github: Octokit) => github.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' })
  const write = (github: Octokit) =>
    github.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
      owner: 'o',
      repo: 'r',
      secret_name: 'S',
      encrypted_value: 'x',
      key_id: '1',
    })

  for (const { jobs, concurrent } of [
    { jobs: 1, concurrent: 100 },
    { jobs: 4, concurrent: 25 },
  ]) {
    it(`keeps at most ${concurrent} requests in flight with parallel-jobs ${jobs} (GitHub's 100 for the whole App)`, async () => {
      // Every answer is held until no request has come for a while: what the client has in
      // flight at once overlaps here however busy the machine is.
      let inFlight = 0
      let peak = 0
      const held: ServerResponse[] = []
      let quiet: NodeJS.Timeout | undefined
      handler = (_req, res) => {
        peak = Math.max(peak, ++inFlight)
        held.push(res)
        clearTimeout(quiet)
        quiet = setTimeout(() => {
          for (const answer of held.splice(0)) {
            inFlight--
            json(answer, 200, {})
          }
        }, 60)
      }
      const github = await client({ parallelJobs: jobs })
      await Promise.all(Array.from({ length: 130 }, () => read(github)))
      assert.equal(peak, concurrent, 'never more, and not fewer')
    })
  }

  for (const { jobs, perMinute } of [
    { jobs: 1, perMinute: 80 },
    { jobs: 4, perMinute: 20 },
  ]) {
    it(`paces writes with parallel-jobs ${jobs}: a burst of ${perMinute}, then no more than ${perMinute} in any minute`, async () => {
      // A minute of 1.2 s: the pace counts a write until a minute after its answer.
      const minuteMs = 1200
      const arrivals: number[] = []
      handler = (_req, res) => {
        arrivals.push(performance.now())
        json(res, 200, {})
      }
      const github = await client({ parallelJobs: jobs, limitSecondMs: minuteMs / 60 })
      const started = performance.now()
      await Promise.all(Array.from({ length: perMinute + 10 }, () => write(github)))
      const most = Math.max(...arrivals.map(at => arrivals.filter(other => other >= at && other < at + minuteMs).length))
      assert.equal(most, perMinute, 'a burst up to the limit, never more in one minute')
      assert.equal(
        arrivals.filter(at => at < arrivals[0] + minuteMs).length,
        perMinute,
        'the whole burst within the first minute, the rest only after it'
      )
      assert.ok(performance.now() - started < 2 * minuteMs, 'the rest follow once the burst has left the minute')
    })
  }

  it("waits out GitHub's older wording with no retry-after like a rate limit: a minute, then two, pausing every request", async () => {
    const minuteMs = 120
    const times: Array<{ method: string; at: number }> = []
    handler = (req, res) => {
      times.push({ method: req.method, at: performance.now() })
      if (req.method === 'PUT' && times.filter(t => t.method === 'PUT').length <= 2) {
        json(res, 403, {
          message: 'You have triggered an abuse detection mechanism. Please wait a few minutes before you try again.',
          documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#secondary-rate-limits',
        })
      } else json(res, 200, {})
    }
    const github = await client({ limitSecondMs: minuteMs / 60, maxAttempts: 5 })
    const writing = write(github)
    // A read started during the pause waits for it too.
    await new Promise(resolve => setTimeout(resolve, minuteMs / 4))
    await Promise.all([writing, read(github)])
    const puts = times.filter(t => t.method === 'PUT').map(t => t.at)
    const get = times.find(t => t.method === 'GET')?.at ?? 0
    assert.equal(puts.length, 3)
    assert.ok(puts[1] - puts[0] >= minuteMs - 5, `a minute after the first refusal (${puts[1] - puts[0]} ms)`)
    assert.ok(puts[2] - puts[1] >= 2 * minuteMs - 5, `two after the second (${puts[2] - puts[1]} ms)`)
    assert.ok(get >= puts[0] + minuteMs - 5, 'the read waited for the pause')
  })

  it("stops every GitHub request at once when a limit asks for a wait beyond the run's deadline", async () => {
    handler = (_req, res) =>
      json(res, 403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '3000', 'x-ratelimit-remaining': '4000' })
    const github = await client({ limitSecondMs: 1, deadlineMs: 1000 })
    await assert.rejects(write(github), (error: GitHubError) => error.kind === 'stopped' && (error.resumeAt ?? 0) > Date.now())
    await assert.rejects(Promise.all([write(github), read(github)]), (error: GitHubError) => error.kind === 'stopped')
    assert.equal(seen.length, 1, 'nothing sent after the answer that asked for the long wait')
  })

  it('reports a request with no answer in time as a timeout, without quoting the URL', async () => {
    handler = () => undefined // never answers
    const slow = await client({ requestTimeoutMs: 50, maxAttempts: 1 })
    await assert.rejects(slow.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' }), (error: GitHubError) => {
      assert.equal(error.kind, 'timeout')
      assert.doesNotMatch(error.message, /127\.0\.0\.1|repos/)
      return true
    })
  })

  it('reports a refused connection as a network error, without quoting the URL, and retries it', async () => {
    const closed = await listen(() => undefined)
    closed.server.close()
    const retried: string[] = []
    const unreachable = await createGitHubClient({
      token: TOKEN,
      baseUrl: closed.origin,
      requestTimeoutMs: 1000,
      timing: { retryBaseMs: 1, retryMaxWaitMs: 2, maxAttempts: 2, deadlineMs: 5000, limitSecondMs: 1 },
      deadline: new Deadline(5000),
      fetch: createFetch({}),
      debug: () => undefined,
      onRetry: route => retried.push(route),
    })
    await assert.rejects(
      unreachable.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' }),
      (error: GitHubError) => error.kind === 'network' && !error.message.includes('127.0.0.1')
    )
    assert.deepEqual(retried, ['GET /repos/{owner}/{repo}'])
  })
})
