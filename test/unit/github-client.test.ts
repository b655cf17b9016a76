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

  function client(options: { requestTimeoutMs?: number; maxAttempts?: number } = {}): Promise<Octokit> {
    return createGitHubClient({
      token: TOKEN,
      baseUrl: origin,
      requestTimeoutMs: options.requestTimeoutMs ?? 2000,
      timing: { retryBaseMs: 1, retryMaxWaitMs: 5, maxAttempts: options.maxAttempts ?? 3, deadlineMs: 10_000 },
      deadline: new Deadline(10_000),
      fetch: createFetch({}),
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

  it('keeps at most 20 requests in flight, at most 10 of them writes', async () => {
    let inFlight = { all: 0, writes: 0 }
    let peak = { all: 0, writes: 0 }
    handler = (req, res) => {
      const write = req.method !== 'GET'
      inFlight = { all: inFlight.all + 1, writes: inFlight.writes + (write ? 1 : 0) }
      peak = { all: Math.max(peak.all, inFlight.all), writes: Math.max(peak.writes, inFlight.writes) }
      setTimeout(() => {
        inFlight = { all: inFlight.all - 1, writes: inFlight.writes - (write ? 1 : 0) }
        json(res, 200, {})
      }, 30)
    }
    await Promise.all([
      ...Array.from({ length: 30 }, () => api.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' })),
      ...Array.from({ length: 30 }, () =>
        api.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
          owner: 'o',
          repo: 'r',
          secret_name: 'S',
          encrypted_value: 'x',
          key_id: '1',
        })
      ),
    ])
    assert.deepEqual(peak, { all: 20, writes: 10 })
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
      timing: { retryBaseMs: 1, retryMaxWaitMs: 2, maxAttempts: 2, deadlineMs: 5000 },
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
